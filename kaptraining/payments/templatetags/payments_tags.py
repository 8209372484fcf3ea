"""The dashboard's tuition partial: a constant number of queries per page."""

from django import template
from django.db.models import OuterRef, Prefetch, Subquery, Sum

from cohorts.models import Enrolment, EnrolmentStatus

from ..models import (
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    TuitionAccount,
)

register = template.Library()


@register.inclusion_tag("payments/dashboard_tuition.html")
def tuition_summary(user, loaded=None):
    """Balance, next payment and any problem for each of the user's enrolments.
    `loaded`: all of the user's enrolments when the page has them already
    (with their cohorts), saving the query."""
    if not getattr(user, "is_authenticated", False):
        return {"tuition_rows": []}
    if isinstance(loaded, list) and all(e.trainee_id == user.pk for e in loaded):
        enrolments = sorted(
            (e for e in loaded if e.status != EnrolmentStatus.WITHDRAWN),
            key=lambda e: e.created_at,
            reverse=True,
        )
    else:
        enrolments = list(
            Enrolment.objects.filter(trainee=user)
            .exclude(status=EnrolmentStatus.WITHDRAWN)
            .select_related("cohort")
            .order_by("-created_at")
        )
    ids = [e.pk for e in enrolments]
    # What each enrolment paid, summed inside the accounts' query (one round
    # trip fewer on the dashboard, issue 19).
    paid_total = (
        Payment.objects.filter(
            enrolment_id=OuterRef("enrolment_id"),
            status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED],
        )
        .values("enrolment_id")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    accounts = {
        a.enrolment_id: a
        for a in TuitionAccount.objects.filter(enrolment_id__in=ids)
        .annotate(paid_cents=Subquery(paid_total))
        .prefetch_related(
            Prefetch(
                "instalments",
                queryset=Instalment.objects.exclude(
                    status=InstalmentStatus.CANCELLED
                ).order_by("sequence"),
                to_attr="live_instalments",
            )
        )
    }
    paid = {a.enrolment_id: a.paid_cents or 0 for a in accounts.values()}
    rows = []
    for enrolment in enrolments:
        account = accounts.get(enrolment.pk)
        if account is None and enrolment.status != EnrolmentStatus.PENDING_PAYMENT:
            continue  # free or paid before tuition accounts existed: nothing to show
        row = {"enrolment": enrolment, "account": account}
        if account is not None:
            lines = account.live_instalments
            row["balance_cents"] = (
                0
                if account.closed_at
                else max(0, account.total_cents - paid.get(enrolment.pk, 0))
            )
            row["next"] = next((i for i in lines if i.is_open), None)
            row["problem"] = any(
                i.status in (InstalmentStatus.FAILED, InstalmentStatus.OVERDUE)
                for i in lines
            )
        rows.append(row)
    return {"tuition_rows": rows}
