"""Helpers for Stripe tests: sign webhooks the way Stripe does, build
Stripe-shaped event payloads, read Stripe's form-encoded requests."""

import hashlib
import hmac
import json
import re
import time
import uuid
from urllib.parse import parse_qs


def form_fields(body) -> dict:
    """Flatten Stripe's form encoding (a[b][c]=v) into {"a[b][c]": v}."""
    if isinstance(body, bytes):
        body = body.decode()
    return {k: v[0] for k, v in parse_qs(body or "").items()}


def nested(form: dict, prefix: str) -> dict:
    out = {}
    for key, value in form.items():
        m = re.fullmatch(re.escape(prefix) + r"\[(\w+)\]", key)
        if m:
            out[m.group(1)] = value
    return out


def sign(
    payload: bytes,
    *,
    secret: str = "whsec_test_secret",  # noqa: S107 - the test settings' secret
    timestamp: int | None = None,
) -> str:
    """Stripe's scheme: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or "evt_" + uuid.uuid4().hex[:24],
        "object": "event",
        "api_version": "2026-10-28",
        "created": int(time.time()),
        "livemode": False,
        "type": event_type,
        "data": {"object": obj},
    }


def session_object(
    payment, *, payment_status="paid", payment_intent="pi_test_1", mode="payment"
) -> dict:
    return {
        "id": payment.provider_ref,
        "object": "checkout.session",
        "mode": mode,
        "status": "complete",
        "payment_status": payment_status,
        "payment_intent": payment_intent,
        "client_reference_id": str(payment.pk),
        "metadata": {
            "payment_id": str(payment.pk),
            "enrolment_id": str(payment.enrolment_id),
        },
        "amount_total": payment.amount_cents,
        "currency": payment.currency,
    }


def charge_object(
    *, payment_intent: str, amount: int, amount_refunded: int = 0
) -> dict:
    return {
        "id": "ch_" + payment_intent[3:],
        "object": "charge",
        "amount": amount,
        "amount_refunded": amount_refunded,
        "refunded": amount_refunded >= amount,
        "payment_intent": payment_intent,
        "status": "succeeded",
    }


def dispute_object(*, payment_intent: str, amount: int) -> dict:
    return {
        "id": "dp_" + payment_intent[3:],
        "object": "dispute",
        "amount": amount,
        "charge": "ch_" + payment_intent[3:],
        "payment_intent": payment_intent,
        "reason": "fraudulent",
        "status": "needs_response",
    }


def post_event(client, evt: dict, **sign_kwargs):
    body = json.dumps(evt).encode()
    return client.post(
        "/pay/stripe/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(body, **sign_kwargs),
    )
