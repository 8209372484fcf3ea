"""What practicums hands to the registries of the apps below it: the
supervisor relationship (accounts.relationships). Imported from
PracticumsConfig.ready()."""

from kaptraining.accounts.relationships import PRACTICUM, register_relationship

from .models import Placement


@register_relationship("supervisor", opens={PRACTICUM})
def supervises(user, trainee) -> bool:
    """A supervisor (with an account) of a site where the trainee has a
    placement, as the log pages show them."""
    return Placement.objects.filter(trainee=trainee, site__supervisors=user).exists()
