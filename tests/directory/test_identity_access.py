"""Self-described identity, access and fees, and availability confirmation:
opt-in respected on the page, the API, the embed and in search; filters alone
and combined; stale listings marked then hidden on schedule."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaptraining.core.models import OutboundEmail
from kaptraining.directory.models import Freshness, Listing
from kaptraining.directory.services import (
    listing_confirm_availability,
    listings_review_freshness,
)
from tests.factories.directory import published_listing

pytestmark = pytest.mark.django_db


def _api_names(client, **params):
    response = client.get(reverse("directory:api_listings"), params)
    assert response.status_code == 200, response.content
    return sorted(row["display_name"] for row in response.json()["results"])


@pytest.fixture
def people(program):
    """Four practitioners; Noor and Ray share their identity, Sam does not."""
    return {
        "Noor": published_listing(
            program,
            display_name="Noor",
            show_identity=True,
            identity_words={"faith": "Sufi Muslim"},
            with_terms=[
                ("faith", "muslim"),
                ("gender", "woman"),
                ("language", "arabic"),
                ("access", "evening-hours"),
            ],
        ),
        "Ray": published_listing(
            program,
            display_name="Ray",
            show_identity=True,
            with_terms=[
                ("veteran", "veteran"),
                ("gender", "man"),
                ("access", "wheelchair-accessible"),
                ("access", "evening-hours"),
            ],
        ),
        # Ticked boxes, but chose not to share: never shown, never found.
        "Sam": published_listing(
            program,
            display_name="Sam",
            show_identity=False,
            identity_words={"gender": "Genderqueer elder"},
            with_terms=[("gender", "non-binary"), ("veteran", "veteran")],
        ),
        "Lee": published_listing(
            program,
            display_name="Lee",
            with_terms=[("access", "free-consultation")],
            sliding_scale=True,
            fee_min_cents=6000,
            fee_max_cents=18000,
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"gender": "woman"}, ["Noor"]),
        ({"gender": ["woman", "man"]}, ["Noor", "Ray"]),
        ({"gender": "non-binary"}, []),  # Sam does not share
        ({"veteran": "veteran"}, ["Ray"]),  # not Sam
        ({"faith": "muslim"}, ["Noor"]),
        ({"access": "evening-hours"}, ["Noor", "Ray"]),
        ({"access": "wheelchair-accessible"}, ["Ray"]),
        ({"access": "free-consultation", "sliding_scale": "on"}, ["Lee"]),
        ({"access": "evening-hours", "gender": "man"}, ["Ray"]),
        ({"access": "evening-hours", "language": "arabic", "faith": "muslim"}, ["Noor"]),  # noqa: E501
        ({"access": "evening-hours", "veteran": "veteran", "faith": "muslim"}, []),
        ({"fee_max": "50"}, ["Noor", "Ray", "Sam"]),  # Lee starts at $60
    ],
)
def test_identity_and_access_filters_alone_and_combined(
    client, people, params, expected
):
    assert _api_names(client, **params) == expected


def test_unshared_identity_never_appears_anywhere(client, people, directory_page):
    sam = people["Sam"]
    pages = [
        directory_page.url,
        directory_page.url + "?q=Genderqueer",
        reverse("directory:detail", args=[sam.pk]),
        reverse("directory:embed"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Genderqueer elder" not in html, url
    detail = client.get(reverse("directory:detail", args=[sam.pk])).content.decode()
    assert "Gender identity" not in detail and "Veteran status" not in detail
    api = client.get(reverse("directory:api_listing", args=[sam.pk])).json()
    assert "self_described" not in api and "identity" not in api
    assert "Genderqueer" not in json.dumps(api)
    # Free-text search does not find what is not shared.
    assert _api_names(client, q="Genderqueer") == []


def test_shared_identity_is_shown_in_own_words(client, people):
    noor = people["Noor"]
    html = client.get(reverse("directory:detail", args=[noor.pk])).content.decode()
    # Her own words replace the ticked box; her gender shows as chosen.
    assert "Sufi Muslim" in html
    assert ">Woman</dd>" in html
    api = client.get(reverse("directory:api_listing", args=[noor.pk])).json()
    assert api["self_described"] == {"faith": "Sufi Muslim", "gender": "Woman"}
    assert {t["slug"] for t in api["access"]} == {"evening-hours"}
    assert _api_names(client, q="Sufi") == ["Noor"]


def test_identity_filter_query_count_is_constant(client, program, people):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            names = _api_names(
                client, gender=["woman", "man"], access="evening-hours"
            )
        return len(ctx.captured_queries), names

    small, names = count()
    for i in range(9):
        published_listing(
            program,
            display_name=f"More {i}",
            show_identity=True,
            with_terms=[("gender", "woman"), ("access", "evening-hours")],
        )
    large, more = count()
    assert len(more) == len(names) + 9
    assert large == small


def test_listing_page_has_structured_data_and_share_link(client, people):
    lee = people["Lee"]
    html = client.get(reverse("directory:detail", args=[lee.pk])).content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "MedicalBusiness"
    assert data["employee"]["name"] == "Lee"
    assert data["priceRange"] == "$60–$180"
    assert data["url"].endswith(lee.get_absolute_url())
    assert 'id="share-link"' in html and data["url"] in html


def test_json_ld_cannot_break_out_of_its_script(client, program):
    listing = published_listing(program, display_name="Eve </script><b>x")
    html = client.get(reverse("directory:detail", args=[listing.pk])).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1]
    assert block.index("</script>") > block.index("Eve \\u003c/script")


# --- availability confirmation --------------------------------------------


def test_unconfirmed_listing_is_asked_then_marked_then_hidden(clock, program, client):
    listing = published_listing(program, display_name="Quiet")
    url = reverse("directory:detail", args=[listing.pk])

    clock.advance(days=89)
    assert listings_review_freshness() == {"asked": 0, "stale": 0, "hidden": 0}

    clock.advance(days=2)  # 91 days: one e-mail, however often the task runs
    assert listings_review_freshness()["asked"] == 1
    assert listings_review_freshness()["asked"] == 0
    mail = OutboundEmail.objects.get(template="listing_confirm")
    assert listing.user.email in mail.to
    assert "/directory/my-listing/" in mail.body

    clock.advance(days=14)  # 105 days: marked, still shown
    assert listings_review_freshness()["stale"] == 1
    assert "not confirmed recently" in client.get(url).content.decode().lower()

    clock.advance(days=16)  # 121 days: hidden everywhere
    assert listings_review_freshness()["hidden"] == 1
    assert client.get(url).status_code == 404
    assert "Quiet" not in _api_names(client)
    assert OutboundEmail.objects.filter(template="listing_hidden").count() == 1
    assert listings_review_freshness() == {"asked": 0, "stale": 0, "hidden": 0}

    # One click brings it back, current, for another 90 days.
    listing.refresh_from_db()
    listing_confirm_availability(listing=listing, accepting=False)
    listing.refresh_from_db()
    assert listing.freshness == Freshness.CURRENT and not listing.accepting_clients
    assert client.get(url).status_code == 200


def test_confirm_view_takes_yes_or_no_only(client, program):
    listing = published_listing(program, display_name="Busy")
    Listing.objects.filter(pk=listing.pk).update(freshness=Freshness.HIDDEN)
    client.force_login(listing.user)

    bad = client.post(reverse("directory:confirm"), {"accepting": "maybe"})
    listing.refresh_from_db()
    assert bad.status_code == 302 and listing.freshness == Freshness.HIDDEN

    client.post(reverse("directory:confirm"), {"accepting": "yes"})
    listing.refresh_from_db()
    assert listing.freshness == Freshness.CURRENT and listing.accepting_clients


def test_freshness_task_runs_on_a_schedule():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["directory-listings-review-freshness"]
    assert entry["task"] == "directory.listings_review_freshness"
