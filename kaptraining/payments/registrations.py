"""What payments plugs into the registries of lower apps; imported once from
PaymentsConfig.ready()."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cohorts.pricing import register_quote_provider
from cohorts.roster import RosterColumn, register_roster_column

from .models import InstalmentStatus, TuitionAccount
from .services.pricing import quotes_for_cohorts

# Cohort pages show the price checkout charges: payments' one pricing rule.
register_quote_provider(quotes_for_cohorts)


PAYMENT_STATES = (
    ("paid", _("Paid in full")),
    ("plan", _("On a payment plan")),
    ("failed", _("Payment failed")),
    ("unpaid", _("Not paid")),
)


@register_roster_column("payment")
def payment_column(cohort, enrolments) -> RosterColumn:
    """Each trainee's payment state on the roster, filterable (one query)."""
    accounts = (
        TuitionAccount.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .exclude(instalments__isnull=True)
        .annotate(
            paid=Count("instalments", filter=Q(instalments__status="paid")),
            failed=Count(
                "instalments",
                filter=Q(
                    instalments__status__in=[
                        InstalmentStatus.FAILED,
                        InstalmentStatus.OVERDUE,
                    ]
                ),
            ),
            open=Count("instalments", filter=Q(instalments__status="scheduled")),
        )
        .values("enrolment_id", "paid", "failed", "open")
    )
    labels = dict(PAYMENT_STATES)
    cells = {}
    for a in accounts:
        if a["failed"]:
            state = "failed"
        elif a["open"] and a["paid"]:
            state = "plan"
        elif a["open"]:
            state = "unpaid"
        else:
            state = "paid"
        cells[a["enrolment_id"]] = {"filter": state, "label": labels[state]}
    return RosterColumn(
        key="payment",
        heading=_("Payment"),
        cell_template="payments/includes/roster_payment_cell.html",
        csv_headers=("payment_state",),
        csv_keys=("filter",),
        cells=cells,
        default={"filter": "unpaid", "label": labels["unpaid"]},
        filters=PAYMENT_STATES,
    )
