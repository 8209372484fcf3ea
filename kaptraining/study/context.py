"""What study adds to curriculum pages (through the `curriculum_page_context`
hook, see wagtail_hooks.py): the outline with locks and ticks on program,
course and module pages; quiz state, journal, notes and neighbours on the
lesson page. And quiz standing across a cohort for its trainers."""

from django.db.models import Count, Q

from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    ProgramPage,
)

from .access import LessonAccess, lesson_access
from .models import JournalEntry, LessonNote, QuizAttempt, QuizAttemptStatus
from .outline import outline_for_request, program_structure, structure_cached
from .services import (
    STEPLEN,
    credit_holds,
    quiz_next_attempt_at,
    quiz_questions,
    study_evidence,
)


def curriculum_page_context(page, request) -> dict:
    """The viewer's study context for any curriculum page."""
    if isinstance(page, LessonPage):
        # Set by the before_serve_page gate; a Wagtail preview skips the gate,
        # so the (staff or trainer) previewer's access is worked out here.
        access = getattr(request, "lesson_access", None)
        if access is None and request.user.is_authenticated:
            access = lesson_access(request.user, page)
        context = lesson_study_context(request, page, access)
        # The same for everyone: cached with the curriculum's structure.
        context["lesson_tags"] = structure_cached(
            f"tags:{page.pk}", lambda: list(page.tags.all())
        )
        if context["lesson_item"] is not None:
            _known_parent(page, context["lesson_item"].module.page)
        return context
    if isinstance(page, ProgramPage):
        return {"outline": outline_for_request(request, page)}
    if isinstance(page, CoursePage):
        program = getattr(page, "route_program", None) or ProgramPage.objects.get(
            path=page.path[:-STEPLEN]
        )
        outline = outline_for_request(request, program)
        return {"outline": outline, "course_item": outline.course(page.pk)}
    if isinstance(page, ModulePage):
        program = getattr(page, "route_program", None) or ProgramPage.objects.get(
            path=page.path[: -2 * STEPLEN]
        )
        outline = outline_for_request(request, program)
        module_item = outline.module(page.pk)
        if module_item is not None:
            _known_parent(page, module_item.course.page)
        return {"outline": outline, "module_item": module_item}
    return {}


def _known_parent(page, parent) -> None:
    """The breadcrumb's parent page is in the outline already: treebeard's
    get_parent() returns it instead of asking the database again."""
    if parent.path == page.path[:-STEPLEN]:
        page._cached_parent_obj = parent


def program_quiz_lessons(program) -> list[LessonPage]:
    """The program's live lessons that hold a quiz, in outline order: the
    lessons of the cached structure (id, path, title, URL; not their bodies)
    whose ids are cached with it (read from the bodies once a change)."""
    lessons = program_structure(program)[2]
    quiz_ids = structure_cached(
        f"quiz-lessons:{program.pk}",
        lambda: {
            lesson.pk
            for lesson in LessonPage.objects.live().descendant_of(program)
            if lesson.quiz_block() is not None
        },
    )
    return [lesson for lesson in lessons if lesson.pk in quiz_ids]


def quiz_standing_by_enrolment(cohort, lesson_ids) -> dict[int, dict[str, int]]:
    """For each enrolment of the cohort: how many of these quizzes it has passed
    and how many await a trainer's review, in one query."""
    rows = (
        QuizAttempt.objects.filter(enrolment__cohort=cohort, lesson_id__in=lesson_ids)
        .values("enrolment_id")
        .annotate(
            passed=Count("lesson_id", filter=Q(passed=True), distinct=True),
            pending=Count(
                "lesson_id",
                filter=Q(status=QuizAttemptStatus.PENDING_REVIEW),
                distinct=True,
            ),
        )
        .order_by()
    )
    return {
        row["enrolment_id"]: {"passed": row["passed"], "pending": row["pending"]}
        for row in rows
    }


def lesson_study_context(request, lesson, access: LessonAccess | None) -> dict:
    """Everything the lesson template shows beyond the page itself, in a fixed
    number of queries."""
    outline = access.outline if access is not None else None
    previous_item, next_item = (
        outline.neighbours(lesson.pk) if outline else (None, None)
    )
    context = {
        "access": access,
        "outline": outline,
        "lesson_item": outline.lesson(lesson.pk) if outline else None,
        "previous_lesson": previous_item.page if previous_item else None,
        "next_lesson": next_item.page if next_item else None,
        "next_locked": bool(next_item and next_item.locked and access.can_complete),
        "journal": {},
        "note": None,
        "quiz": None,
        "credit_holds": [],
        "evidence": None,
    }
    user = request.user
    studying = access is not None and access.can_complete
    if studying:
        if any(block.block_type == "reflection" for block in lesson.body):
            # Only reflection prompts show journal entries.
            context["journal"] = {
                entry.block_id: entry
                for entry in JournalEntry.objects.filter(trainee=user, lesson=lesson)
            }
        context["note"] = LessonNote.objects.filter(trainee=user, lesson=lesson).first()
        if access.completed:
            context["credit_holds"] = credit_holds(trainee=user, lesson=lesson)
        else:
            visit = getattr(request, "lesson_visit", None)
            context["evidence"] = study_evidence(
                trainee=user,
                lesson=lesson,
                program=outline.program,
                **({"visit": visit} if visit is not None else {}),
            )
    quiz = lesson.quiz_block()
    if quiz is not None:
        module = ModulePage.objects.get(path=lesson.path[:-STEPLEN])
        attempts = (
            list(
                QuizAttempt.objects.filter(trainee=user, lesson=lesson).order_by(
                    "number"
                )
            )
            if studying
            else []
        )
        limit = quiz.value["attempt_limit"]
        passed = any(a.passed for a in attempts)
        pending = any(a.status == "pending_review" for a in attempts)
        exhausted = bool(limit) and len(attempts) >= limit and not passed
        opens_at = (
            None
            if passed or pending or exhausted
            else quiz_next_attempt_at(quiz_value=quiz.value, attempts=attempts)
        )
        context["quiz"] = {
            "block": quiz,
            "attempts": attempts,
            "passed": passed,
            "pending": pending,
            "exhausted": exhausted,
            "attempts_left": (limit - len(attempts)) if limit else None,
            "opens_at": opens_at,
            "can_submit": studying and not (passed or pending or exhausted or opens_at),
            # Previewers see attempt 1 as a trainee would, without saving anything.
            "questions": quiz_questions(
                lesson=lesson,
                module=module,
                trainee=user,
                attempt_number=len(attempts) + 1,
            ),
        }
    return context
