"""Who may study or see what. One place, used by pages and views."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .models import Cohort, Enrolment, EnrolmentStatus


@dataclass(frozen=True)
class LessonAccess:
    allowed: bool
    reason: str = ""
    enrolment: Enrolment | None = None
    can_complete: bool = False
    completed: bool = False
    locked: bool = False
    # The program outline (kaptraining.curriculum.outline.ProgramOutline) the
    # decision was made from, reused by the page for navigation and progress.
    outline: Any = None


def lesson_access(user, lesson) -> LessonAccess:
    """A trainee with an active enrolment in the lesson's program may study and
    complete it once its module is released (drip from the cohort start), its
    prerequisites are complete and, for an elective, the elective was chosen.
    The program's trainers and staff may preview any lesson."""
    from kaptraining.curriculum.outline import program_outline

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


def can_view_enrolment(user, enrolment: Enrolment) -> bool:
    """The trainee themselves, the cohort's trainers, and staff."""
    if not user.is_authenticated:
        return False
    if user.is_staff or enrolment.trainee_id == user.pk:
        return True
    return enrolment.cohort.trainers.filter(pk=user.pk).exists()
