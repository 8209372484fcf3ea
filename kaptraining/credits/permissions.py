"""Who may see whose hours: the trainee, staff, and whoever has a relationship
that opens hours (accounts.relationships: a trainer of the trainee's cohort)."""

from django.http import Http404

from kaptraining.accounts.relationships import HOURS, may_view_trainee


def can_view_trainee(user, trainee) -> bool:
    return may_view_trainee(user, trainee, record=HOURS)


def staff_or_404(user) -> None:
    """Staff pages are not advertised to anyone else."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise Http404
