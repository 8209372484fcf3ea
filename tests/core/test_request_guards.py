"""The request guards every route shares (kaptraining.core.middleware) and
the one parser for numbers from user input (kaptraining.core.parsing)."""

import io

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kaptraining.core.middleware import (
    PrivateCacheMiddleware,
    RequestGuardMiddleware,
    looks_like_foreign_number,
)
from kaptraining.core.parsing import parse_id, parse_whole_number
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12),
        (" 7 ", 7),
        (3, 3),
        ("0", None),
        ("²", None),
        ("٣", None),
        ("１２", None),
        ("-1", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 30, None),
        ("9223372036854775807", 9223372036854775807),
        ("9223372036854775808", None),
        (True, None),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


def test_parse_whole_number_bounds():
    assert parse_whole_number("100", maximum=100) == 100
    assert parse_whole_number("101", maximum=100) is None
    assert parse_whole_number("0") == 0


@pytest.mark.parametrize(
    "value, foreign",
    [
        ("²", True),
        ("٣٤", True),
        ("-５", True),
        (" 1² ", True),
        ("1.٣", True),
        ("12", False),
        ("m²", False),
        ("x٣", False),
        ("", False),
        ("abc", False),
    ],
)
def test_numbers_in_other_digits_are_recognised(value, foreign):
    assert looks_like_foreign_number(value) is foreign


class _Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")


def _guard(request):
    return RequestGuardMiddleware(lambda r: pytest.fail("reached the view"))(request)


def test_oversized_body_is_refused_before_it_is_read():
    request = RequestFactory().generic(
        "POST", reverse("cohorts:apply", args=[1]), content_type="multipart/form-data"
    )
    request.META["CONTENT_LENGTH"] = str(150 * 1024 * 1024)
    request.META["wsgi.input"] = _Unreadable()
    response = _guard(request)
    assert response.status_code == 413
    assert "accepts at most 6 MB" in response.content.decode()


@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/cohorts/1/apply/", 6 * 1024 * 1024),
        ("/hours/programs/1/external/", 11 * 1024 * 1024),
        ("/learn/search/", 1024 * 1024),  # everything else: KAP_MAX_REQUEST_BYTES
    ],
)
def test_each_route_has_its_cap(client, path, allowed):
    just_over = client.post(
        path,
        CONTENT_LENGTH=str(allowed + 1),
        data=b"",
        content_type="application/octet-stream",
    )
    assert just_over.status_code == 413


def test_upload_within_the_cap_reaches_the_form(client, program):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import CohortFactory

    cohort = CohortFactory(program=program, admission="application")
    client.force_login(UserFactory())
    big = SimpleUploadedFile(
        "licence.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10)
    )
    response = client.post(
        reverse("cohorts:apply", args=[cohort.pk]), {"licence_document": big}
    )
    assert response.status_code == 400  # the form's own message, not 413
    assert "larger than 5 MB" in response.content.decode()


@pytest.mark.parametrize(
    "header",
    ["HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_ACCEPT_LANGUAGE"],
)
def test_nul_in_a_header_is_refused(client, header):
    response = client.get("/", **{header: "bad\x00value"})
    assert response.status_code == 400


def test_nul_in_the_session_cookie_is_refused_not_looked_up(client):
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get(reverse("dashboard"))
    assert response.status_code == 400
    assert "cookie" in response.content.decode()


def test_failed_login_with_nul_user_agent_is_400_not_500(client):
    """axes records the user agent of failed sign-ins in the database."""
    response = client.post(
        reverse("account_login"),
        {"login": "someone@example.org", "password": "wrong"},
        HTTP_USER_AGENT="evil\x00agent",
    )
    assert response.status_code == 400


def test_signed_in_pages_are_private_and_not_stored(client):
    client.force_login(UserFactory())
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_public_pages_keep_their_caching(client, home_page):
    anonymous = client.get(reverse("cohorts:list"))
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client.force_login(UserFactory())
    issuer = client.get(reverse("certificates:ob_issuer"))
    assert issuer["Cache-Control"] == "public, max-age=3600"


def test_private_cache_middleware_leaves_anonymous_responses_alone():
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = PrivateCacheMiddleware(lambda r: HttpResponse("x"))(request)
    assert not response.has_header("Cache-Control")
