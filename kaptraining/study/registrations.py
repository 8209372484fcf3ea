"""What study plugs into the registries of the apps below it: the quiz column
of a cohort's roster (cohorts) and the "assessments passed" requirement item
(credits). Imported once from StudyConfig.ready()."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cohorts.roster import RosterColumn, register_roster_column
from kaptraining.credits.checks import MET, Outcome, register_check
from kaptraining.curriculum.models import CoursePage

from .context import program_quiz_lessons, quiz_standing_by_enrolment
from .models import ElectiveChoice, QuizAttempt
from .outline import structure_cached
from .services import STEPLEN


@register_roster_column("quizzes")
def quiz_column(cohort, enrolments) -> RosterColumn:
    """Quizzes passed and answers awaiting review, per trainee (two queries)."""
    lessons = program_quiz_lessons(cohort.program)
    standing = quiz_standing_by_enrolment(cohort, [lesson.pk for lesson in lessons])
    return RosterColumn(
        key="quizzes",
        heading=_("Quizzes passed"),
        cell_template="study/includes/roster_quiz_cell.html",
        csv_headers=("quizzes_passed", "quizzes_awaiting_review"),
        csv_keys=("passed", "pending"),
        cells={
            enrolment_id: {**counts, "total": len(lessons)}
            for enrolment_id, counts in standing.items()
        },
        default={"passed": 0, "pending": 0, "total": len(lessons)},
        in_table=bool(lessons),  # a program without quizzes gets no column
    )


# --- credits: certification needs the program's assessments passed (issue 15) -------


@register_check(
    "assessments_passed",
    label=_("Required assessments passed"),
    missing=_("Pass the program's quizzes and post-tests."),
)
def assessments_passed(program, contexts):
    """Every quiz of the program's required courses, and of the electives the
    trainee chose, has a passed attempt. Two queries for all trainees (the
    quiz lessons and elective courses come with the cached structure)."""
    lessons = program_quiz_lessons(program)
    electives = structure_cached(
        f"electives:{program.pk}",
        lambda: {
            course.path: course.pk
            for course in CoursePage.objects.child_of(program).filter(is_elective=True)
        },
    )
    course_of = {
        lesson.pk: electives.get(lesson.path[: -2 * STEPLEN]) for lesson in lessons
    }
    trainee_ids = [ctx.trainee.pk for ctx in contexts]
    chosen: dict[int, set[int]] = {}
    for trainee_id, course_id in ElectiveChoice.objects.filter(
        trainee_id__in=trainee_ids, course_id__in=electives.values()
    ).values_list("trainee_id", "course_id"):
        chosen.setdefault(trainee_id, set()).add(course_id)
    passed: dict[int, set[int]] = {}
    for trainee_id, lesson_id in QuizAttempt.objects.filter(
        trainee_id__in=trainee_ids, lesson_id__in=course_of, passed=True
    ).values_list("trainee_id", "lesson_id"):
        passed.setdefault(trainee_id, set()).add(lesson_id)
    outcomes = {}
    for ctx in contexts:
        mine = chosen.get(ctx.trainee.pk, set())
        required = [
            lesson
            for lesson in lessons
            if course_of[lesson.pk] is None or course_of[lesson.pk] in mine
        ]
        missing = [
            lesson.title
            for lesson in required
            if lesson.pk not in passed.get(ctx.trainee.pk, set())
        ]
        outcomes[ctx.trainee.pk] = (
            MET
            if not missing
            else Outcome(
                False,
                ngettext(
                    "Pass the quiz “%(titles)s”.",
                    "Pass these quizzes: %(titles)s.",
                    len(missing),
                )
                % {"titles": ", ".join(missing)},
            )
        )
    return outcomes
