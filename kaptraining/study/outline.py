"""A program's curriculum as one trainee sees it: completion, locks and why.

Built with a fixed number of queries whatever the number of courses, modules,
lessons or trainees, and shared by the program, course, module and lesson pages
and by lesson access checks, so every page gives the same answer.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from cohorts.models import Enrolment
from kaptraining.credits import progress_cache
from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    ProgramPage,
)

from .models import ElectiveChoice, LessonCompletion, StudyPosition

STEPLEN = 4  # Wagtail's tree path step


@dataclass
class LessonItem:
    page: LessonPage
    module: "ModuleItem"
    completed: bool = False

    @property
    def locked(self) -> bool:
        return self.module.locked

    @property
    def reason(self) -> str:
        return self.module.reason


@dataclass
class ModuleItem:
    page: ModulePage
    course: "CourseItem"
    lessons: list[LessonItem] = field(default_factory=list)
    opens_on: datetime.date | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return bool(self.reasons) or self.course.locked

    @property
    def reason(self) -> str:
        return " ".join(
            ([self.course.reason] if self.course.locked else []) + self.reasons
        )

    @property
    def total_minutes(self) -> int:
        return sum(item.page.credited_minutes for item in self.lessons)

    @property
    def done_minutes(self) -> int:
        return sum(
            item.page.credited_minutes for item in self.lessons if item.completed
        )

    @property
    def remaining_minutes(self) -> int:
        return self.total_minutes - self.done_minutes

    @property
    def completed_count(self) -> int:
        return sum(1 for item in self.lessons if item.completed)

    @property
    def done(self) -> bool:
        return bool(self.lessons) and all(item.completed for item in self.lessons)


@dataclass
class CourseItem:
    page: CoursePage
    modules: list[ModuleItem] = field(default_factory=list)
    chosen: bool = False
    reason: str = ""

    @property
    def locked(self) -> bool:
        return bool(self.reason)

    @property
    def lessons(self) -> list[LessonItem]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def total_minutes(self) -> int:
        return sum(m.total_minutes for m in self.modules)

    @property
    def done_minutes(self) -> int:
        return sum(m.done_minutes for m in self.modules)

    @property
    def done(self) -> bool:
        lessons = self.lessons
        return bool(lessons) and all(item.completed for item in lessons)


@dataclass
class ProgramOutline:
    program: ProgramPage
    trainee: object | None
    enrolment: object | None
    courses: list[CourseItem] = field(default_factory=list)
    lessons: list[LessonItem] = field(default_factory=list)

    @cached_property
    def resume_lesson_id(self) -> int | None:
        """The lesson last opened (read when a page shows where to resume)."""
        if self.trainee is None:
            return None
        return (
            StudyPosition.objects.filter(trainee=self.trainee, program=self.program)
            .values_list("lesson_id", flat=True)
            .first()
        )

    @property
    def studying(self) -> bool:
        return self.enrolment is not None

    def course(self, page_id) -> CourseItem | None:
        return next((c for c in self.courses if c.page.pk == page_id), None)

    def module(self, page_id) -> ModuleItem | None:
        return next(
            (m for c in self.courses for m in c.modules if m.page.pk == page_id), None
        )

    def lesson(self, page_id) -> LessonItem | None:
        return next((item for item in self.lessons if item.page.pk == page_id), None)

    def neighbours(self, page_id) -> tuple[LessonItem | None, LessonItem | None]:
        """The previous and next lessons in program order, across modules."""
        ids = [item.page.pk for item in self.lessons]
        if page_id not in ids:
            return None, None
        i = ids.index(page_id)
        return (
            self.lessons[i - 1] if i > 0 else None,
            self.lessons[i + 1] if i + 1 < len(ids) else None,
        )

    @property
    def resume(self) -> LessonItem | None:
        """Where to continue: the last lesson opened if it is unfinished, else the
        first open lesson not yet completed."""
        last = self.lesson(self.resume_lesson_id) if self.resume_lesson_id else None
        if last is not None and not last.completed and not last.locked:
            return last
        return next((i for i in self.lessons if not i.completed and not i.locked), None)

    @property
    def total_minutes(self) -> int:
        return sum(
            c.total_minutes for c in self.courses if not c.page.is_elective or c.chosen
        )

    @property
    def done_minutes(self) -> int:
        return sum(
            c.done_minutes for c in self.courses if not c.page.is_elective or c.chosen
        )

    @property
    def electives(self) -> list[CourseItem]:
        return [c for c in self.courses if c.page.is_elective]

    @property
    def electives_chosen(self) -> int:
        return sum(1 for c in self.electives if c.chosen)

    @property
    def electives_completed(self) -> int:
        """The counting rule: an elective counts when it was chosen (or choice is
        not needed) and all of its lessons are complete; at most N count."""
        needed = self.program.electives_required
        done = sum(1 for c in self.electives if c.done and (c.chosen or not needed))
        return min(done, needed) if needed else done

    @property
    def electives_met(self) -> bool:
        return self.electives_completed >= self.program.electives_required

    @property
    def can_choose_elective(self) -> bool:
        return self.studying and self.electives_chosen < self.program.electives_required


STRUCTURE_TOKEN_KEY = "kap:outline:token"  # noqa: S105 - a cache key


def _structure_token() -> str:
    token = cache.get(STRUCTURE_TOKEN_KEY)
    if token is None:
        # add() keeps a token another process set in the meantime.
        cache.add(STRUCTURE_TOKEN_KEY, uuid.uuid4().hex[:16], timeout=None)
        token = cache.get(STRUCTURE_TOKEN_KEY)
    return token


def structure_changed() -> None:
    """Drop every program's cached structure (study/receivers.py calls it when a
    curriculum page is saved, published, unpublished, moved or deleted). A new
    random token, so an evicted token never brings an old structure back."""
    cache.set(STRUCTURE_TOKEN_KEY, uuid.uuid4().hex[:16], timeout=None)


def structure_cached(name: str, compute):
    """`compute()`, kept in the cache until the curriculum or a study policy
    changes (for what is the same for every trainee)."""
    key = f"kap:outline:{name}:{_structure_token()}"
    stored = cache.get(key)
    if stored is None:
        stored = compute()
        cache.set(key, stored, timeout=3600)  # bounds a read racing a change
    return stored


def program_structure(program: ProgramPage) -> tuple[list, list, list, list]:
    """The live courses, modules and lessons of `program` in tree order and the
    module prerequisites (pairs): the same for everyone, so it is kept in the
    cache until the curriculum changes (four queries on a miss, none after)."""
    return structure_cached(f"program:{program.pk}", lambda: _structure(program))


def _structure(program: ProgramPage) -> tuple[list, list, list, list]:
    courses = list(CoursePage.objects.live().child_of(program).order_by("path"))
    modules = list(ModulePage.objects.live().descendant_of(program).order_by("path"))
    lessons = list(
        LessonPage.objects.live()
        .descendant_of(program)
        .order_by("path")
        .only(
            "id",
            "path",
            "depth",
            "title",
            "slug",
            "url_path",
            "category",
            "credited_minutes",
            "live",
        )
    )
    prereqs = (
        list(
            ModulePage.prerequisites.through.objects.filter(
                from_modulepage__in=[m.pk for m in modules]
            ).values_list("from_modulepage_id", "to_modulepage_id")
        )
        if modules
        else []
    )
    return (courses, modules, lessons, prereqs)


def program_outline(
    *, program: ProgramPage, trainee=None, enrolment=None, today=None
) -> ProgramOutline:
    """The outline of `program`. With an enrolment, locks apply (drip release from
    the cohort start, prerequisites, unchosen electives); without one (staff and
    trainer previews, visitors) nothing is locked for the viewer."""
    outline = ProgramOutline(program=program, trainee=trainee, enrolment=enrolment)
    courses, modules, lessons, prereqs = program_structure(program)
    completed: set[int] = set()
    chosen: set[int] = set()
    if trainee is not None:
        # Cached under the trainee's progress tokens: a completion or an
        # elective choice (rows with a trainee) or a curriculum change drops it.
        completed, chosen = progress_cache.trainee_cached(
            trainee.pk,
            f"study:{program.pk}",
            lambda: _completed_and_chosen(trainee, lessons, courses),
        )

    by_path: dict[str, CourseItem | ModuleItem] = {}
    for course in courses:
        item = CourseItem(page=course, chosen=course.pk in chosen)
        by_path[course.path] = item
        outline.courses.append(item)
    module_items: dict[int, ModuleItem] = {}
    for module in modules:
        course_item = by_path.get(module.path[:-STEPLEN])
        if not isinstance(course_item, CourseItem):
            continue
        item = ModuleItem(page=module, course=course_item)
        by_path[module.path] = item
        module_items[module.pk] = item
        course_item.modules.append(item)
    for lesson in lessons:
        module_item = by_path.get(lesson.path[:-STEPLEN])
        if not isinstance(module_item, ModuleItem):
            continue
        item = LessonItem(
            page=lesson, module=module_item, completed=lesson.pk in completed
        )
        module_item.lessons.append(item)
        outline.lessons.append(item)

    if enrolment is not None:
        _apply_locks(
            outline, module_items, prereqs, enrolment, today or timezone.localdate()
        )
    return outline


def _completed_and_chosen(trainee, lessons, courses) -> tuple[set[int], set[int]]:
    completed = (
        set(
            LessonCompletion.objects.filter(
                trainee=trainee, lesson_id__in=[p.pk for p in lessons]
            ).values_list("lesson_id", flat=True)
        )
        if lessons
        else set()
    )
    chosen = set(
        ElectiveChoice.objects.filter(
            trainee=trainee, course__in=[c.pk for c in courses]
        ).values_list("course_id", flat=True)
    )
    return completed, chosen


def _apply_locks(outline, module_items, prereqs, enrolment, today) -> None:
    if outline.program.electives_required:
        for course in outline.electives:
            if not course.chosen:
                course.reason = _(
                    "Choose this elective on the program page to open it."
                )
    start = enrolment.cohort.start_date
    for item in module_items.values():
        opens_on = start + datetime.timedelta(weeks=item.page.release_week)
        item.opens_on = opens_on
        if today < opens_on:
            item.reasons.append(
                _("This module opens on %(date)s, in week %(week)s of your cohort.")
                % {
                    "date": formats.date_format(opens_on, "DATE_FORMAT"),
                    "week": item.page.release_week,
                }
            )
    for module_id, required_id in prereqs:
        item, required = module_items.get(module_id), module_items.get(required_id)
        if item is not None and required is not None and not required.done:
            item.reasons.append(
                _("Complete the module “%(title)s” first.")
                % {"title": required.page.title}
            )


def outline_for_request(request, program: ProgramPage) -> ProgramOutline:
    """The outline for whoever is looking: locks and ticks for an enrolled trainee."""
    user = request.user
    if not user.is_authenticated:
        return program_outline(program=program)
    enrolment = (
        Enrolment.objects.studying()
        .select_related("cohort")
        .filter(trainee=user, cohort__program=program)
        .first()
    )
    return program_outline(
        program=program, trainee=user if enrolment else None, enrolment=enrolment
    )
