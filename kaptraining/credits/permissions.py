"""Who may see whose hours: the trainee, trainers of their cohorts, staff."""

from django.http import Http404


def can_view_trainee(user, trainee) -> bool:
    from cohorts.models import Cohort

    if not user.is_authenticated:
        return False
    if user.is_staff or user.pk == trainee.pk:
        return True
    return Cohort.objects.filter(trainers=user, enrolments__trainee=trainee).exists()


def can_view_cohort(user, cohort) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or cohort.trainers.filter(pk=user.pk).exists()


def staff_or_404(user) -> None:
    """Staff pages are not advertised to anyone else."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise Http404
