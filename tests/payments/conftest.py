"""Stripe on real components: localstripe on 127.0.0.1, Checkout (which it
lacks) stubbed at the HTTP layer with Stripe-shaped payloads, and webhooks
signed for real with the test secret."""

import json
import re
import subprocess
import sys
import time
import uuid

import pytest
import requests
import responses

from tests.conftest import free_port, wait_for_port
from tests.payments.stripekit import form_fields, nested, post_event

# localstripe keeps its store in memory here: it would otherwise write
# /tmp/localstripe.pickle on every change, shared with any other run.
LOCALSTRIPE = """
import sys
import aiohttp.web
import localstripe.resources
import localstripe.server
localstripe.resources.Store.dump_to_disk = lambda self: None
port = int(sys.argv[1])
aiohttp.web.run_app(localstripe.server.app, host="127.0.0.1", port=port, print=None)
"""
SECRET_KEY = "sk_test_kaptraining"


@pytest.fixture(scope="session")
def localstripe_url():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCALSTRIPE, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def stripe_settings(localstripe_url, settings):
    """Point the Stripe backend at a freshly emptied localstripe."""
    requests.delete(f"{localstripe_url}/_config/data", timeout=5).raise_for_status()
    settings.PAYMENTS_BACKEND = "stripe"
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    return settings


class StripeHTTP:
    """Every request the backend sends, and the Checkout Sessions it opened."""

    def __init__(self, mock: responses.RequestsMock, base: str):
        self.mock = mock
        self.base = base
        self.sessions: dict[str, dict] = {}
        self.failures: list[tuple[str, str]] = []

    def fail_once(self, method: str, path: str) -> None:
        """The next such request is lost on the network (ConnectionError)."""
        self.failures.append((method, path))

    def failure_for(self, request):
        for method, path in self.failures:
            if request.method == method and request.url.startswith(self.base + path):
                return (method, path)
        return None

    def calls_to(self, path: str, method: str = "POST") -> list:
        """Requests of one method (by default the writes) to a path, in order."""
        return [
            c
            for c in self.mock.calls
            if c.request.method == method and c.request.url.startswith(self.base + path)
        ]

    def idempotency_keys(self, path: str) -> list[str]:
        return [c.request.headers.get("Idempotency-Key") for c in self.calls_to(path)]


@pytest.fixture
def stripe_http(stripe_settings):
    """Checkout Sessions answered like Stripe does; everything else passes
    through to localstripe and is recorded (headers included)."""
    base = stripe_settings.STRIPE_API_BASE
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        http = StripeHTTP(mock, base)

        def create_session(request):
            form = form_fields(request.body)
            session_id = "cs_test_" + uuid.uuid4().hex[:24]
            amount = int(form.get("line_items[0][price_data][unit_amount]", 0) or 0)
            session = {
                "id": session_id,
                "object": "checkout.session",
                "mode": form.get("mode"),
                "status": "open",
                "payment_status": "unpaid",
                "customer": form.get("customer"),
                "client_reference_id": form.get("client_reference_id"),
                "currency": form.get("line_items[0][price_data][currency]")
                or form.get("currency"),
                "amount_total": amount,
                "metadata": nested(form, "metadata"),
                "payment_intent": None,
                "setup_intent": None,
                "success_url": form.get("success_url"),
                "cancel_url": form.get("cancel_url"),
                "url": f"https://checkout.stripe.com/c/pay/{session_id}",
                "livemode": False,
                "created": int(time.time()),
                "_form": form,
            }
            http.sessions[session_id] = session
            public = {k: v for k, v in session.items() if not k.startswith("_")}
            return 200, {"Content-Type": "application/json"}, json.dumps(public)

        mock.add_callback(
            responses.POST, f"{base}/v1/checkout/sessions", callback=create_session
        )

        def failure_pending(request):
            hit = http.failure_for(request)
            return hit is not None, "" if hit else "no failure injected"

        def no_failure_pending(request):
            return http.failure_for(request) is None, "a failure is injected"

        def fail(request):
            http.failures.remove(http.failure_for(request))
            return requests.ConnectionError("connection reset (injected by the test)")

        # Matchers keep every pair of routes disjoint: when two registered
        # responses match, `responses` drops the first one after use.
        anything = re.compile(re.escape(base) + r"/(?!v1/checkout/).*")
        for method in (responses.GET, responses.POST, responses.DELETE):
            mock.add_callback(method, anything, callback=fail, match=[failure_pending])
            mock.add(
                responses.PassthroughResponse(
                    method, anything, match=[no_failure_pending]
                )
            )
        yield http


@pytest.fixture
def webhook(client, django_capture_on_commit_callbacks):
    """Deliver a signed event and run what it enqueues after commit, as a
    real request would (the test's own transaction never commits)."""

    def deliver(evt: dict, **sign_kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post_event(client, evt, **sign_kwargs)

    return deliver
