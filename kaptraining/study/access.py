"""Who may study a lesson. One place, used by the lesson page (through the
before_serve_page hook in wagtail_hooks.py) and by every study view."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cohorts.models import Cohort, Enrolment, EnrolmentStatus

from .outline import ProgramOutline, program_outline


@dataclass(frozen=True)
class LessonAccess:
    allowed: bool
    reason: str = ""
    enrolment: Enrolment | None = None
    can_complete: bool = False
    completed: bool = False
    locked: bool = False
    # The program outline the decision was made from, reused by the page for
    # navigation and progress.
    outline: ProgramOutline | None = None


def lesson_access(user, lesson) -> LessonAccess:
    """A trainee with an active enrolment in the lesson's program may study and
    complete it once its module is released (drip from the cohort start), its
    prerequisites are complete and, for an elective, the elective was chosen.
    The program's trainers and staff may preview any lesson."""
    program = lesson.get_program()
    if program is None:
        return LessonAccess(False, _("This lesson is not part of a program."))
    enrolment = (
        Enrolment.objects.select_related("cohort")
        .filter(
            trainee=user,
            cohort__program=program,
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED],
        )
        .first()
    )
    if enrolment is not None:
        outline = program_outline(program=program, trainee=user, enrolment=enrolment)
        item = outline.lesson(lesson.pk)
        if item is None:
            return LessonAccess(
                False,
                _("This lesson is not published yet."),
                enrolment=enrolment,
                locked=True,
            )
        if item.locked:
            return LessonAccess(
                False, item.reason, enrolment=enrolment, locked=True, outline=outline
            )
        return LessonAccess(
            True,
            enrolment=enrolment,
            can_complete=True,
            completed=item.completed,
            outline=outline,
        )
    if user.is_staff or Cohort.objects.filter(program=program, trainers=user).exists():
        return LessonAccess(
            True,
            _(
                "You are previewing this lesson as a trainee sees "
                "it. Nothing you do here is saved."
            ),
            outline=program_outline(program=program),
        )
    pending = Enrolment.objects.filter(
        trainee=user, cohort__program=program, status=EnrolmentStatus.PENDING_PAYMENT
    ).first()
    if pending is not None:
        return LessonAccess(
            False,
            _("Your place is reserved. Lessons open once tuition is paid."),
            enrolment=pending,
        )
    return LessonAccess(
        False, _("Lessons are open to trainees enrolled in this program.")
    )
