import json

import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cohorts.models import Enrolment, EnrolmentStatus

from .models import Payment, PaymentStatus
from .services import payment_start, payment_succeed, stripe_event_record


def _own_enrolment(request, enrolment_id) -> Enrolment:
    enrolment = get_object_or_404(Enrolment.objects.select_related("cohort"), pk=enrolment_id)
    if enrolment.trainee_id != request.user.pk:
        raise Http404
    return enrolment


@login_required
@require_POST
def checkout_start(request, enrolment_id):
    enrolment = _own_enrolment(request, enrolment_id)
    if enrolment.status != EnrolmentStatus.PENDING_PAYMENT:
        messages.info(request, _("This enrolment needs no payment."))
        return redirect("dashboard")
    done = request.build_absolute_uri(reverse("payments:done", args=[enrolment.pk]))
    cancel = request.build_absolute_uri(reverse("cohorts:detail", args=[enrolment.cohort_id]))
    _payment, url = payment_start(enrolment=enrolment, success_url=done, cancel_url=cancel)
    return redirect(url)


@login_required
def checkout_done(request, enrolment_id):
    enrolment = _own_enrolment(request, enrolment_id)
    return render(request, "payments/checkout_done.html", {"enrolment": enrolment})


@login_required
def demo_checkout(request, payment_id):
    """The offline backend's checkout page: clearly a demo, no card taken."""
    payment = get_object_or_404(Payment.objects.select_related("enrolment__cohort"), pk=payment_id, backend="offline")
    if payment.enrolment.trainee_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        if payment.status == PaymentStatus.SUCCEEDED:
            messages.info(request, _("This payment was already confirmed."))
        else:
            payment_succeed(payment_id=payment.pk, provider_payment_ref=f"demo_pi_{payment.pk}")
            messages.success(request, _("Demo payment confirmed. Your enrolment is active."))
        return redirect("payments:done", payment.enrolment_id)
    return render(request, "payments/demo_checkout.html", {"payment": payment})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Verify the signature, store the event once, process it in a task."""
    signature = request.META.get("HTTP_STRIPE_SIGNATURE", "")
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponse("Webhook secret not configured.", status=503)
    try:
        event = stripe.Webhook.construct_event(request.body, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Invalid payload or signature.")
    payload = json.loads(request.body)
    if not isinstance(payload, dict) or "id" not in payload or "type" not in payload:
        return HttpResponseBadRequest("Not a Stripe event.")
    stripe_event_record(event=payload)
    return HttpResponse(status=200)
