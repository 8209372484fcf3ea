"""What mentorship hands to the registries of the apps below it: the mentor
relationship (accounts.relationships). Imported from MentorshipConfig.ready()."""

from kaptraining.accounts.relationships import MENTORSHIP, register_relationship

from .models import Pair, PairStatus


@register_relationship("mentor", opens={MENTORSHIP})
def mentors(user, trainee) -> bool:
    """The mentor of an active or past pair with the trainee (as the pair
    pages show them)."""
    return Pair.objects.filter(
        mentor__user=user,
        trainee=trainee,
        status__in=[PairStatus.ACTIVE, PairStatus.ENDED],
    ).exists()
