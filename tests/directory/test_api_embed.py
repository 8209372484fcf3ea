"""The public JSON API and the embeddable directory."""

import json

import pytest
from django.urls import reverse

from tests.factories.directory import published_listing

pytestmark = pytest.mark.django_db


def test_api_never_exposes_email_or_unshared_identity(client, program, directory_page):
    private = published_listing(
        program,
        display_name="Private Person",
        identity="Genderfluid",
        cultural_background="Diné",
        show_identity=False,
    )
    shared = published_listing(
        program,
        display_name="Shared Person",
        identity="Black, queer",
        cultural_background="Haitian American",
        show_identity=True,
    )

    body = client.get(reverse("directory:api_listings")).content.decode()
    rows = {r["display_name"]: r for r in json.loads(body)["results"]}

    for listing in (private, shared):
        assert listing.user.email not in body
    assert "Genderfluid" not in body and "Diné" not in body
    assert "identity" not in rows["Private Person"]
    assert rows["Shared Person"]["identity"] == "Black, queer"
    assert rows["Shared Person"]["cultural_background"] == "Haitian American"
    # Nor do the HTML pages.
    for url in (directory_page.url, reverse("directory:detail", args=[private.pk])):
        html = client.get(url).content.decode()
        assert private.user.email not in html
        assert "Genderfluid" not in html and "Diné" not in html


def test_api_fields_and_pagination(client, program):
    for i in range(5):
        published_listing(
            program, display_name=f"P{i}", with_terms=[("language", "spanish")]
        )

    first = client.get(
        reverse("directory:api_listings"), {"page_size": 2, "language": "spanish"}
    )
    data = first.json()

    assert first["Access-Control-Allow-Origin"] == "*"
    assert data["count"] == 5 and data["num_pages"] == 3 and data["previous"] is None
    assert "language=spanish" in data["next"] and "page=2" in data["next"]
    row = data["results"][0]
    assert row["languages"] == [{"slug": "spanish", "name": "Spanish"}]
    assert row["verified"]["url"].endswith(
        reverse("certificates:verify", args=[row["verified"]["certificate_number"]])
    )
    assert set(row) >= {
        "display_name",
        "licensed_in",
        "fees",
        "services",
        "routes",
        "address",
    }
    last = client.get(data["next"].replace("page=2", "page=3")).json()
    assert [r["display_name"] for r in last["results"]] == ["P4"]


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "500"}, "page_size"),
        ({"page_size": "abc"}, "page_size"),
        ({"page": "abc"}, "page"),
        ({"page": "99"}, "page"),
        ({"zip": "99999"}, "zip"),
    ],
)
def test_api_bad_input_is_400_with_errors(client, program, params, key):
    published_listing(program)

    response = client.get(reverse("directory:api_listings"), params)

    assert response.status_code == 400
    assert key in response.json()["errors"]


def test_api_detail_only_for_published(client, program):
    live = published_listing(program)
    hidden = published_listing(program, status="pending")

    assert (
        client.get(reverse("directory:api_listing", args=[live.pk])).status_code == 200
    )
    assert (
        client.get(reverse("directory:api_listing", args=[hidden.pk])).status_code
        == 404
    )


def test_api_is_rate_limited(client, program):
    url = reverse("directory:api_listings")
    statuses = [client.get(url, REMOTE_ADDR="192.0.2.1").status_code for _ in range(61)]

    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    assert client.get(url, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_embed_may_be_framed_by_other_sites(client, program):
    listing = published_listing(program)

    response = client.get(reverse("directory:embed"), {"zip": "94110"})

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    ancestors = next(p for p in policy.split(";") if "frame-ancestors" in p)
    assert "*" in ancestors
    html = response.content.decode()
    assert listing.display_name in html
    assert 'target="_blank"' in html
    assert listing.user.email not in html


def test_directory_page_itself_may_not_be_framed(client, directory_page):
    response = client.get(directory_page.url)

    assert response["X-Frame-Options"] == "SAMEORIGIN"
    ancestors = next(
        p
        for p in response["Content-Security-Policy"].split(";")
        if "frame-ancestors" in p
    )
    assert "*" not in ancestors


def test_embed_bad_input_gets_message(client):
    response = client.get(reverse("directory:embed"), {"zip": "00000"})

    assert response.status_code == 400
    assert "We do not recognise the ZIP code" in response.content.decode()
