"""Who may see an enrolment: the trainee themselves, the cohort's trainers, and
staff. (Who may study a lesson is kaptraining.study.access.)"""

from .models import Enrolment


def can_view_enrolment(user, enrolment: Enrolment) -> bool:
    """The trainee themselves, the cohort's trainers, and staff."""
    if not user.is_authenticated:
        return False
    if user.is_staff or enrolment.trainee_id == user.pk:
        return True
    return enrolment.cohort.trainers.filter(pk=user.pk).exists()
