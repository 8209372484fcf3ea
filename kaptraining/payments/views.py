"""Trainee payment pages (thin: every write is a service call) and the webhook."""

import json

import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cohorts.models import Enrolment, EnrolmentStatus
from cohorts.services import enrolment_pace_to_confirm
from kaptraining.core.parsing import parse_id, parse_whole_number
from kaptraining.core.pdf import font_dir_uri, html_to_pdf
from kaptraining.core.urls import absolute_url

from .events import stripe_event_record
from .models import (
    Arrangement,
    CardSetup,
    DiscountRedemption,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    SlidingScaleTier,
    TierApplication,
    TuitionAccount,
)
from .money import monthly_dates, split_evenly
from .services import (
    ChoiceNeeded,
    PaceConsentNeeded,
    PaymentError,
    account_for_enrolment,
    account_summary,
    arrangement_choose,
    arrangement_options,
    card_setup_complete,
    card_setup_start,
    discount_apply,
    payment_start,
    payment_succeed,
    quote_for_enrolment,
    tier_application_submit,
)


def _own_enrolment(request, enrolment_id) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort__program"), pk=enrolment_id
    )
    if enrolment.trainee_id != request.user.pk:
        raise Http404
    return enrolment


def _option_rows(account, quote, today):
    """Each choice with a preview of its schedule (same arithmetic as the service)."""
    rows = []
    for arrangement, n in arrangement_options(account, quote):
        if arrangement == Arrangement.PLAN:
            amounts = split_evenly(account.total_cents, n)
            preview = list(zip(monthly_dates(today, n), amounts, strict=True))
            label = _("%(n)s monthly payments") % {"n": n}
            value = f"plan:{n}"
        elif arrangement == Arrangement.DEPOSIT:
            preview = [
                (today, quote.deposit_cents),
                (None, account.total_cents - quote.deposit_cents),
            ]
            label = Arrangement(arrangement).label
            value = "deposit"
        else:
            preview = [(today, account.total_cents)]
            label = Arrangement(arrangement).label
            value = arrangement
        rows.append({"value": value, "label": label, "preview": preview})
    return rows


def _account_page(request, enrolment, *, status=200, form_errors=None):
    from django.utils import timezone

    account = account_for_enrolment(enrolment=enrolment)
    quote = quote_for_enrolment(enrolment)
    today = timezone.localdate()
    instalments = list(
        account.instalments.exclude(status=InstalmentStatus.CANCELLED).order_by(
            "sequence"
        )
    )
    payments = list(
        Payment.objects.filter(enrolment=enrolment)
        .exclude(status=PaymentStatus.CREATED)
        .order_by("-created_at")
    )
    program_id = enrolment.cohort.program_id
    context = {
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "account": account,
        "summary": account_summary(account),
        "instalments": instalments,
        "payments": payments,
        "paid_anything": any(
            p.status in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED)
            for p in payments
        ),
        "options": _option_rows(account, quote, today),
        "quote": quote,
        "redemption": DiscountRedemption.objects.select_related("code")
        .filter(enrolment=enrolment)
        .first(),
        "tiers": SlidingScaleTier.objects.filter(
            Q(program__isnull=True) | Q(program_id=program_id), active=True
        ),
        "applications": TierApplication.objects.filter(
            enrolment=enrolment
        ).select_related("tier"),
        "needs_card": any(
            i.status in (InstalmentStatus.FAILED, InstalmentStatus.OVERDUE)
            for i in instalments
        ),
        "has_later_instalments": any(i.is_open for i in instalments[1:]),
        # The pace warning, when paying now needs the trainee's consent.
        "pace": enrolment_pace_to_confirm(enrolment),
        "form_errors": form_errors or {},
    }
    return render(request, "payments/account.html", context, status=status)


@login_required
def account(request, enrolment_id):
    """Tuition: options before paying; balance, schedule and history after."""
    return _account_page(request, _own_enrolment(request, enrolment_id))


@login_required
@require_POST
def apply_code(request, enrolment_id):
    enrolment = _own_enrolment(request, enrolment_id)
    try:
        redemption = discount_apply(
            enrolment=enrolment, code=request.POST.get("code", "")
        )
    except PaymentError as exc:
        return _account_page(
            request, enrolment, status=400, form_errors={"code": str(exc)}
        )
    if TuitionAccount.objects.filter(enrolment=enrolment, total_cents=0).exists():
        messages.success(
            request, _("Your scholarship covers the full tuition. You are enrolled.")
        )
        return redirect("dashboard")
    messages.success(
        request, _("Code %(code)s applied.") % {"code": redemption.code.code}
    )
    return redirect("payments:account", enrolment.pk)


@login_required
@require_POST
def apply_tier(request, enrolment_id):
    enrolment = _own_enrolment(request, enrolment_id)
    tier_id = request.POST.get("tier", "")
    try:
        tier_application_submit(
            enrolment=enrolment,
            tier_id=parse_id(tier_id) or 0,
            statement=request.POST.get("statement", ""),
        )
    except PaymentError as exc:
        return _account_page(
            request, enrolment, status=400, form_errors={"tier": str(exc)}
        )
    messages.success(
        request, _("Thank you. Staff will review your request and e-mail you.")
    )
    return redirect("payments:account", enrolment.pk)


def _urls(request, enrolment):
    return (
        absolute_url("payments:done", enrolment.pk),
        absolute_url("payments:account", enrolment.pk),
    )


@login_required
@require_POST
def choose(request, enrolment_id):
    """Fix the arrangement, then go straight to paying its first line."""
    enrolment = _own_enrolment(request, enrolment_id)
    value = request.POST.get("arrangement", "")
    arrangement, _sep, n = value.partition(":")
    try:
        account = arrangement_choose(
            enrolment=enrolment,
            arrangement=arrangement,
            instalments=parse_whole_number(n, minimum=1, maximum=120),
            short_window_consent=_consents(request),
        )
    except PaceConsentNeeded as exc:
        return _account_page(
            request, enrolment, status=409, form_errors={"pace": str(exc)}
        )
    except PaymentError as exc:
        return _account_page(
            request, enrolment, status=400, form_errors={"arrangement": str(exc)}
        )
    if account.arrangement == Arrangement.SCHOLARSHIP:
        return redirect("dashboard")
    return _start(request, enrolment)


def _consents(request) -> bool:
    """The pace-consent box of the enrol form, ticked on a payment form."""
    return request.POST.get("short_window_consent") == "1"


def _start(request, enrolment):
    done, cancel = _urls(request, enrolment)
    try:
        _payment, url = payment_start(
            enrolment=enrolment,
            success_url=done,
            cancel_url=cancel,
            short_window_consent=_consents(request),
        )
    except PaceConsentNeeded as exc:
        return _account_page(
            request, enrolment, status=409, form_errors={"pace": str(exc)}
        )
    except ChoiceNeeded:
        return redirect("payments:account", enrolment.pk)
    except PaymentError as exc:
        return _account_page(
            request, enrolment, status=409, form_errors={"pay": str(exc)}
        )
    return redirect(url)


@login_required
@require_POST
def checkout_start(request, enrolment_id):
    enrolment = _own_enrolment(request, enrolment_id)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        messages.info(request, _("This enrolment is closed."))
        return redirect("dashboard")
    if enrolment.status != EnrolmentStatus.PENDING_PAYMENT and not request.POST.get(
        "next_instalment"
    ):
        messages.info(request, _("This enrolment needs no payment."))
        return redirect("dashboard")
    return _start(request, enrolment)


@login_required
def checkout_done(request, enrolment_id):
    enrolment = _own_enrolment(request, enrolment_id)
    return render(request, "payments/checkout_done.html", {"enrolment": enrolment})


@login_required
def card(request, enrolment_id):
    """Save a new card for the remaining instalments."""
    enrolment = _own_enrolment(request, enrolment_id)
    if request.method == "POST":
        done = absolute_url("payments:account", enrolment.pk)
        try:
            _setup, url = card_setup_start(
                enrolment=enrolment, success_url=done, cancel_url=done
            )
        except PaymentError as exc:
            return _account_page(
                request, enrolment, status=409, form_errors={"card": str(exc)}
            )
        return redirect(url)
    account = account_for_enrolment(enrolment=enrolment)
    open_lines = account.instalments.filter(
        status__in=[InstalmentStatus.FAILED, InstalmentStatus.OVERDUE]
    )
    return render(
        request,
        "payments/card.html",
        {"enrolment": enrolment, "account": account, "failed": open_lines},
    )


@login_required
def receipt(request, payment_id):
    """A PDF receipt for one of the trainee's own completed payments."""
    payment = get_object_or_404(
        Payment.objects.select_related(
            "enrolment__cohort__program", "enrolment__trainee", "instalment"
        ).filter(status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED]),
        pk=payment_id,
    )
    if payment.enrolment.trainee_id != request.user.pk and not request.user.is_staff:
        raise Http404
    html = render_to_string(
        "payments/receipt_pdf.html",
        {
            "payment": payment,
            "refunds": payment.refunds.filter(status="succeeded"),
            "organisation_name": getattr(settings, "WAGTAIL_SITE_NAME", "kaptraining"),
            "font_dir": font_dir_uri(),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.pk}.pdf"'
    return response


@login_required
def demo_checkout(request, payment_id):
    """The offline backend's checkout page: clearly a demo, no card taken."""
    payment = get_object_or_404(
        Payment.objects.select_related("enrolment__cohort"),
        pk=payment_id,
        backend="offline",
    )
    if payment.enrolment.trainee_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        if payment.status == PaymentStatus.SUCCEEDED:
            messages.info(request, _("This payment was already confirmed."))
        else:
            payment_succeed(
                payment_id=payment.pk, provider_payment_ref=f"demo_pi_{payment.pk}"
            )
            messages.success(
                request, _("Demo payment confirmed. Your enrolment is active.")
            )
        return redirect("payments:done", payment.enrolment_id)
    return render(request, "payments/demo_checkout.html", {"payment": payment})


@login_required
def demo_card(request, setup_id):
    """The offline backend's card page: saves a pretend card, takes nothing."""
    setup = get_object_or_404(
        CardSetup.objects.select_related("account__enrolment"),
        pk=setup_id,
        backend="offline",
    )
    if setup.account.enrolment.trainee_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        card_setup_complete(
            card_setup_id=setup.pk, payment_method_id=f"demo_pm_{setup.pk}"
        )
        messages.success(
            request,
            _("Demo card saved. Any failed instalment will be retried with it now."),
        )
        return redirect("payments:account", setup.account.enrolment_id)
    return render(request, "payments/demo_card.html", {"setup": setup})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Verify the signature, store the event once, process it in a task."""
    signature = request.META.get("HTTP_STRIPE_SIGNATURE", "")
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponse("Webhook secret not configured.", status=503)
    try:
        stripe.WebhookSignature.verify_header(
            request.body.decode("utf-8"),
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            stripe.Webhook.DEFAULT_TOLERANCE,
        )
        payload = json.loads(request.body)
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Invalid payload or signature.")
    if not isinstance(payload, dict) or "id" not in payload or "type" not in payload:
        return HttpResponseBadRequest("Not a Stripe event.")
    stripe_event_record(event=payload)
    return HttpResponse(status=200)
