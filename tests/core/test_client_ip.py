"""The client address behind our proxies (issue 14, finding 5): one setting,
KAP_TRUSTED_PROXY_COUNT, read by one function that django-axes, allauth's
rate limits and django-ratelimit all use."""

import pytest
from allauth.account.adapter import get_adapter
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django.urls import reverse

from kaptraining.certificates.views import VERIFY_LIMIT_PER_MINUTE
from kaptraining.core.clientip import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


def _request(remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (0, None, PROXY),
        (0, "203.0.113.9", PROXY),  # no proxy of ours: the header is the client's
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # spoofed entry ignored
        (1, "1.2.3.4,203.0.113.9", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", PROXY),  # skipped one of our proxies: trust nothing
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, "2001:db8::7", "2001:db8::7"),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (1, "203.0.113.9:51234", "203.0.113.9"),
    ],
)
def test_client_ip_reads_only_what_our_proxies_wrote(
    settings, count, forwarded, expected
):
    settings.KAP_TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_axes_allauth_and_ratelimit_use_the_same_address(settings):
    settings.KAP_TRUSTED_PROXY_COUNT = 1
    request = _request(forwarded="1.2.3.4, 203.0.113.9")
    assert get_client_ip_address(request) == "203.0.113.9"
    assert get_adapter(request).get_client_ip(request) == "203.0.113.9"
    from django_ratelimit.core import _get_ip

    assert _get_ip(request) == "203.0.113.9"


def _fail_login(client, email, client_address, spoof="198.18.0.1"):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": "wrong-password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{spoof}, {client_address}",
    )


def test_one_attackers_failures_do_not_lock_out_other_clients(client, settings):
    """allauth allows 10 failed sign-ins a minute per address. Behind the proxy
    every visitor used to share the proxy's address, so ten failures by one
    attacker locked everyone out."""
    settings.KAP_TRUSTED_PROXY_COUNT = 1
    attacker = "203.0.113.66"
    for n in range(10):
        _fail_login(client, f"target{n}@example.org", attacker, spoof=f"198.18.0.{n}")
    blocked = _fail_login(client, "target99@example.org", attacker)
    assert "Too many failed login attempts" in blocked.content.decode()

    user = UserFactory()
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_axes_locks_the_attackers_address_not_the_proxys(client, settings):
    from axes.models import AccessAttempt

    settings.KAP_TRUSTED_PROXY_COUNT = 1
    victim = UserFactory()
    for _ in range(3):
        _fail_login(client, victim.email, "203.0.113.66")
    attempt = AccessAttempt.objects.get(username=victim.email)
    assert attempt.ip_address == "203.0.113.66"
    assert attempt.failures_since_start == 3


def test_spoofing_x_forwarded_for_does_not_escape_a_rate_limit(client, settings):
    settings.KAP_TRUSTED_PROXY_COUNT = 1
    url = reverse("certificates:verify", args=["KAP-AAAAA-22222"])
    for n in range(VERIFY_LIMIT_PER_MINUTE):
        client.get(
            url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, 203.0.113.66"
        )
    spoofed = client.get(
        url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.9.99.1, 203.0.113.66"
    )
    someone_else = client.get(
        url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert spoofed.status_code == 429
    assert someone_else.status_code == 404


def test_without_a_proxy_x_forwarded_for_is_ignored(client, settings):
    settings.KAP_TRUSTED_PROXY_COUNT = 0
    url = reverse("certificates:verify", args=["KAP-AAAAA-22222"])
    for n in range(VERIFY_LIMIT_PER_MINUTE):
        client.get(url, REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1")
    assert (
        client.get(
            url, REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="1.1.1.1"
        ).status_code
        == 429
    )
