"""Staff views inside the Wagtail admin (so staff MFA applies): the tuition
overview with reports, CSV export, tier decisions and confirmed refunds."""

import itertools

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaptraining.core.csv import csv_response
from kaptraining.core.templatetags.kap import money

from .models import (
    Payment,
    PaymentStatus,
    TierApplication,
    TierApplicationStatus,
    TuitionAccount,
)
from .reports import REPORTS
from .services import (
    PaymentError,
    refund_create,
    refund_suggestion,
    tier_application_decide,
)


def _staff_only(request):
    if not (request.user.is_authenticated and request.user.is_staff):
        raise PermissionDenied


def overview(request):
    """Waiting tier requests, flagged accounts, and the four reports."""
    _staff_only(request)
    context = {
        "page_title": _("Tuition and reports"),
        "header_icon": "table",
        "applications": TierApplication.objects.filter(
            status=TierApplicationStatus.PENDING
        )
        .select_related(
            "tier", "enrolment__trainee", "enrolment__cohort", "enrolment__tuition"
        )
        .order_by("created_at"),
        "flagged": TuitionAccount.objects.filter(needs_attention=True)
        .select_related("enrolment__trainee", "enrolment__cohort")
        .order_by("flagged_at"),
        "reports": {name: fn() for name, (fn, _columns) in REPORTS.items()},
    }
    return render(request, "payments/admin/overview.html", context)


def report_csv(request, report):
    _staff_only(request)
    if report not in REPORTS:
        raise Http404
    fn, columns = REPORTS[report]
    money_columns = [c for c in columns if c.endswith("_cents")]
    header = columns + [c[: -len("_cents")] for c in money_columns]
    rows = (
        [row.get(c) for c in columns]
        + [money(row.get(c), row.get("currency") or "usd") for c in money_columns]
        for row in fn()
    )
    return csv_response(f"tuition-{report}.csv", itertools.chain([header], rows))


@require_POST
def tier_decide(request, application_id):
    _staff_only(request)
    decision = request.POST.get("decision")
    if decision not in ("grant", "decline"):
        messages.error(request, _("Please choose to grant or decline the request."))
        return redirect("payments_overview")
    try:
        application = tier_application_decide(
            application_id=application_id,
            grant=decision == "grant",
            staff=request.user,
            note=request.POST.get("note", ""),
        )
    except TierApplication.DoesNotExist:
        raise Http404 from None
    except PaymentError as exc:
        messages.error(request, str(exc))
        return redirect("payments_overview")
    messages.success(
        request,
        _("Request from %(who)s: %(status)s.")
        % {
            "who": application.enrolment.trainee.email,
            "status": application.get_status_display(),
        },
    )
    return redirect("payments_overview")


class RefundForm(forms.Form):
    amount_cents = forms.IntegerField(
        label=gettext_lazy("Amount to refund (cents)"),
        min_value=1,
        help_text=gettext_lazy(
            "In minor units: 12500 is $125.00. The policy's suggestion is filled in."
        ),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    withdraw = forms.BooleanField(
        label=gettext_lazy("Withdraw the trainee and cancel their remaining payments"),
        required=False,
    )


def refund(request, payment_id):
    """The policy suggests an amount; staff confirm or change it."""
    _staff_only(request)
    payment = get_object_or_404(
        Payment.objects.select_related(
            "enrolment__trainee", "enrolment__cohort__program"
        ),
        pk=payment_id,
        status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED],
    )
    percent, suggested = refund_suggestion(payment=payment)
    status = 200
    if request.method == "POST":
        form = RefundForm(request.POST)
        if form.is_valid():
            try:
                refund_create(
                    payment_id=payment.pk,
                    amount_cents=form.cleaned_data["amount_cents"],
                    reason=form.cleaned_data["reason"],
                    withdraw=form.cleaned_data["withdraw"],
                    staff=request.user,
                )
            except PaymentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Refund issued."))
                return redirect("payments_overview")
        status = 400
    else:
        form = RefundForm(initial={"amount_cents": suggested or None})
    context = {
        "page_title": _("Refund a payment"),
        "header_icon": "undo",
        "payment": payment,
        "form": form,
        "percent": percent,
        "suggested": suggested,
        "tiers": payment.enrolment.cohort.program.refund_tiers.all(),
    }
    return render(request, "payments/admin/refund.html", context, status=status)
