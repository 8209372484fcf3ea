"""What study plugs into the registries of the apps below it: the quiz column
of a cohort's roster (cohorts). Imported once from StudyConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from cohorts.roster import RosterColumn, register_roster_column

from .context import program_quiz_lessons, quiz_standing_by_enrolment


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
