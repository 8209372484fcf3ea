"""Absolute URLs come from SITE_URL alone, normalised one way, on every surface."""

import pytest
from django.core import checks
from django.template import Context, Template
from django.urls import reverse

from cohorts.models import CalendarToken
from kaptraining.core.checks import site_url_served
from kaptraining.core.urls import SiteURLError, absolute_url, site_url_errors
from tests.factories import EnrolmentFactory

ORIGIN = "https://kap.example.org:8443"


@pytest.mark.parametrize(
    "site_url",
    [ORIGIN, ORIGIN + "/", ORIGIN + "//", " " + ORIGIN + "/ "],
)
def test_absolute_url_trailing_slashes_never_double(settings, site_url):
    settings.SITE_URL = site_url
    assert absolute_url("/verify/ABC/") == ORIGIN + "/verify/ABC/"
    assert absolute_url("/") == ORIGIN + "/"


def test_absolute_url_reverses_names_with_args_and_kwargs(settings):
    settings.SITE_URL = ORIGIN
    assert absolute_url("certificates:verify", "K7Q2") == ORIGIN + reverse(
        "certificates:verify", args=["K7Q2"]
    )
    assert absolute_url("directory:detail", pk=5) == ORIGIN + reverse(
        "directory:detail", kwargs={"pk": 5}
    )


def test_absolute_url_keeps_a_paths_query(settings):
    settings.SITE_URL = ORIGIN
    assert absolute_url("/api/?page=2&q=a") == ORIGIN + "/api/?page=2&q=a"


def test_absolute_url_path_with_arguments_is_refused(settings):
    with pytest.raises(TypeError):
        absolute_url("/verify/", 1)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("kap.example.org", "scheme"),
        ("ftp://kap.example.org", "scheme"),
        ("https://", "host"),
        ("https://kap.example.org/training", "path"),
        ("https://kap.example.org/?a=1", "query"),
        ("https://user:pw@kap.example.org", "credentials"),
        ("https://kap.example.org:99999", "parsed"),
    ],
)
def test_site_url_that_is_not_an_origin_is_an_error(settings, value, problem):
    assert any(problem in e for e in site_url_errors(value))
    settings.SITE_URL = value
    with pytest.raises(SiteURLError):
        absolute_url("/")
    [error] = site_url_served()
    assert error.level == checks.ERROR and error.id == "core.E001"


def test_check_warns_when_site_url_host_is_not_served(settings):
    settings.SITE_URL = "https://kap.example.org"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    [warning] = site_url_served()
    assert warning.level == checks.WARNING and warning.id == "core.W001"
    assert "kap.example.org" in warning.msg


@pytest.mark.parametrize(
    ("site_url", "allowed"),
    [
        ("https://kap.example.org", ["kap.example.org"]),
        ("https://KAP.example.org", ["kap.example.org"]),
        ("https://kap.example.org", [".example.org"]),
        ("http://127.0.0.1:8101", ["127.0.0.1", "localhost"]),
        ("http://[::1]:8000", ["[::1]"]),
        ("https://kap.example.org", ["*"]),
    ],
)
def test_check_passes_when_site_url_host_is_served(settings, site_url, allowed):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = allowed
    assert site_url_served() == []


def test_template_tag_and_filter_use_site_url(settings):
    settings.SITE_URL = ORIGIN + "/"
    html = Template(
        "{% load kap %}{% absolute_url 'certificates:verify' n %}|{{ p|absolute }}"
    ).render(Context({"n": "K7Q2", "p": "/a/b/"}))
    assert html == ORIGIN + reverse("certificates:verify", args=["K7Q2"]) + "|" + (
        ORIGIN + "/a/b/"
    )


# --- the surfaces ------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_links_and_credential_use_site_url(settings, program):
    from kaptraining.certificates.openbadges.credentials import (
        build_credential,
        issuer_profile,
    )
    from tests.factories import UserFactory
    from tests.factories.directory import certify

    settings.SITE_URL = ORIGIN + "/"
    certificate = certify(UserFactory(), program)
    verify = ORIGIN + reverse("certificates:verify", args=[certificate.number])

    assert certificate.verification_url == verify
    credential = build_credential(certificate, organisation_name="Org")
    assert credential["id"] == verify
    assert credential["issuer"]["id"] == ORIGIN + reverse("certificates:ob_issuer")
    assert credential["credentialStatus"]["statusListCredential"] == (
        ORIGIN + reverse("certificates:ob_status_list")
    )
    achievement = credential["credentialSubject"]["achievement"]["id"]
    assert achievement.startswith(ORIGIN + "/openbadges/achievements/")
    assert issuer_profile("Org")["url"] == ORIGIN + "/"


@pytest.mark.django_db
def test_directory_api_and_embed_snippet_use_site_url_not_the_host_header(
    settings, client, program, home_page
):
    from kaptraining.directory.models import DirectoryPage
    from tests.factories.directory import published_listing

    settings.SITE_URL = ORIGIN
    for i in range(3):
        published_listing(program, display_name=f"P{i}", photo="x.jpg")
    data = client.get(
        reverse("directory:api_listings"),
        {"page_size": 2},
        HTTP_HOST="attacker.example",
    ).json()
    assert data["next"].startswith(ORIGIN + reverse("directory:api_listings") + "?")
    row = data["results"][0]
    assert row["url"] == ORIGIN + reverse("directory:detail", args=[row["id"]])
    assert row["photo_url"] == ORIGIN + reverse("directory:photo", args=[row["id"]])
    assert row["verified"]["url"].startswith(ORIGIN + "/")

    page = home_page.add_child(
        instance=DirectoryPage(title="Find a practitioner", slug="directory")
    )
    html = client.get(page.url, HTTP_HOST="testserver").content.decode()
    assert f'src="{ORIGIN}{reverse("directory:embed")}"' in html


@pytest.mark.django_db
def test_private_calendar_feed_url_uses_site_url(settings, client, program):
    settings.SITE_URL = ORIGIN
    enrolment = EnrolmentFactory(cohort__program=program)
    token = CalendarToken.objects.create(user=enrolment.trainee)
    client.force_login(enrolment.trainee)

    html = client.get(reverse("cohorts:home", args=[enrolment.cohort_id])).content
    feed = ORIGIN + reverse("cohorts:trainee_calendar", args=[token.token])
    assert f'value="{feed}"' in html.decode()


@pytest.mark.django_db
def test_links_in_mail_use_site_url_without_doubled_slashes(
    settings, committed, program
):
    """The mentorship mail used SITE_URL + path: a trailing slash gave '//'."""
    import datetime

    from django.core import mail
    from django.utils import timezone

    from kaptraining.mentorship.services import meeting_log
    from tests.factories import CohortFactory
    from tests.factories.mentorship import PairFactory

    settings.SITE_URL = ORIGIN + "/"
    pair = PairFactory(
        status="active", round__cohort=CohortFactory(program=program)
    )
    with committed():
        meeting_log(
            pair=pair,
            user=pair.trainee,
            data={
                "met_on": timezone.localdate() - datetime.timedelta(days=1),
                "minutes": 60,
                "format": "video",
                "topics": "Integration after a first dosing session.",
            },
        )

    [message] = mail.outbox
    assert ORIGIN + reverse("mentorship:pair", args=[pair.pk]) in message.body
    assert ORIGIN + "//" not in message.body
