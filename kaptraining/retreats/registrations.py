"""What retreats plugs into the registries of lower apps; imported once from
RetreatsConfig.ready()."""

from django.utils.translation import gettext as _

from kaptraining.payments.services import Line, register_line_source

from .models import RegistrationStatus, RetreatRegistration


@register_line_source("retreat_lodging")
def lodging_lines(enrolments: list) -> dict[int, list[Line]]:
    """The lodging a retreat registration holds, priced with the tuition by
    payments' one quote (one query for any number of enrolments)."""
    lines: dict[int, list[Line]] = {}
    for enrolment_id, name, price in RetreatRegistration.objects.filter(
        enrolment_id__in=[e.pk for e in enrolments],
        status=RegistrationStatus.REGISTERED,
    ).values_list("enrolment_id", "room_type__name", "room_type__price_cents"):
        if price:
            lines[enrolment_id] = [
                Line(label=_("Lodging: %(room)s") % {"room": name}, amount_cents=price)
            ]
    return lines
