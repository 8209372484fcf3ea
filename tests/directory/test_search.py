"""Directory search: ZIP radius, filters, text, sorting, bad input, query budget."""

import pytest
from django.db import connection
from django.urls import reverse

from kaptraining.directory.geo import haversine_miles, zip_point
from tests.factories.directory import ListingFactory, certify, published_listing, term

pytestmark = pytest.mark.django_db


def _names(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return [row["display_name"] for row in _api(client, **params)["results"]]


def _api(client, **params):
    response = client.get(reverse("directory:api_listings"), params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def new_york(program):
    """In-office practitioners at known distances from ZIP 10001 (Manhattan)."""
    return {
        name: published_listing(
            program, display_name=name, zip_code=zip_code, city=city, state=st
        )
        for name, zip_code, city, st in [
            ("Hoboken", "07030", "Hoboken", "NJ"),  # 1.91 miles
            ("Brooklyn", "11201", "Brooklyn", "NY"),  # 3.77 miles
            ("Bronx", "10451", "Bronx", "NY"),  # 6.43 miles
            ("Allston", "02134", "Allston", "MA"),  # 185 miles
            ("Los Angeles", "90012", "Los Angeles", "CA"),  # 2,445 miles
        ]
    }


def test_zip_distance_in_database_matches_known_great_circle(client, new_york):
    rows = {
        r["display_name"]: r for r in _api(client, zip="10001", radius=250)["results"]
    }
    # Computed in SQL, compared with Python's haversine on the same coordinates.
    expected = haversine_miles(zip_point("10001"), zip_point("02134"))
    assert rows["Allston"]["distance_miles"] == pytest.approx(expected, abs=0.05)
    assert rows["Hoboken"]["distance_miles"] == pytest.approx(1.9, abs=0.05)


def test_zip_distance_new_york_to_los_angeles_is_about_2445_miles(program, new_york):
    from kaptraining.directory.geo import distance_expression
    from kaptraining.directory.models import Listing

    distance = (
        Listing.objects.filter(pk=new_york["Los Angeles"].pk)
        .annotate(d=distance_expression(zip_point("10001")))
        .get()
        .d
    )
    # The commonly quoted great-circle distance, New York to Los Angeles.
    assert distance == pytest.approx(2445, rel=0.01)


@pytest.mark.parametrize(
    ("radius", "expected"),
    [
        (1, []),
        (2, ["Hoboken"]),
        (5, ["Hoboken", "Brooklyn"]),
        # 10451 lies inside the bounding box for 6 miles but outside the circle.
        (6, ["Hoboken", "Brooklyn"]),
        (7, ["Hoboken", "Brooklyn", "Bronx"]),
        (250, ["Hoboken", "Brooklyn", "Bronx", "Allston"]),
    ],
)
def test_zip_radius_includes_exactly_those_within_sorted_by_distance(
    client, directory_page, new_york, radius, expected
):
    assert _names(client, directory_page.url, zip="10001", radius=radius) == expected


def test_zip_search_adds_telehealth_practitioners_licensed_in_that_state(
    client, directory_page, new_york, program
):
    published_listing(
        program,
        display_name="Telehealth NY",
        in_person=False,
        telehealth=True,
        zip_code="60640",
        state="IL",
        licensed_in=["IL", "NY"],
    )
    published_listing(
        program,
        display_name="Telehealth IL only",
        in_person=False,
        telehealth=True,
        zip_code="60640",
        state="IL",
        licensed_in=["IL"],
    )

    everyone = _names(client, directory_page.url, zip="10001", radius=5)
    tele = _names(
        client, directory_page.url, zip="10001", radius=5, format="telehealth"
    )
    office = _names(
        client, directory_page.url, zip="10001", radius=5, format="in_person"
    )

    assert everyone == ["Hoboken", "Brooklyn", "Telehealth NY"]  # no distance: last
    results = _api(client, zip="10001", radius=5)["results"]
    assert results[-1]["distance_miles"] is None
    assert tele == ["Telehealth NY"]
    assert office == ["Hoboken", "Brooklyn"]


def test_filters_each_field(client, directory_page, program):
    a = published_listing(
        program,
        display_name="Ana",
        role="prescriber",
        profession="psychiatrist",
        fee_min_cents=25000,
        sliding_scale=False,
        accepting_clients=True,
        with_terms=[("language", "spanish"), ("route", "im"), ("insurance", "aetna")],
        licensed_in=["CA", "NV"],
    )
    b = published_listing(
        program,
        display_name="Ben",
        role="therapist",
        works_with_partner_prescriber=True,
        profession="mft",
        fee_min_cents=8000,
        sliding_scale=True,
        accepting_clients=False,
        with_terms=[
            ("language", "english"),
            ("service", "group-kap"),
            ("population", "veterans"),
        ],
        telehealth=True,
    )
    published_listing(program, display_name="Cy", role="therapist", licensed_in=["OR"])
    url = directory_page.url

    assert _names(client, url, role="prescriber") == [a.display_name]
    assert _names(client, url, role="partner") == [b.display_name]
    assert _names(client, url, profession="mft") == [b.display_name]
    assert _names(client, url, language="spanish") == [a.display_name]
    assert _names(client, url, language=["spanish", "english"]) == ["Ana", "Ben"]
    assert _names(client, url, language="spanish", route="im") == ["Ana"]
    assert _names(client, url, language="english", route="im") == []
    assert _names(client, url, service="group-kap", population="veterans") == ["Ben"]
    assert _names(client, url, insurance="aetna") == ["Ana"]
    assert _names(client, url, fee_max=100) == ["Ben", "Cy"]  # Cy gives no fee
    assert _names(client, url, sliding_scale="on") == ["Ben"]
    assert _names(client, url, accepting="on") == ["Ana", "Cy"]
    assert _names(client, url, state="NV") == ["Ana"]
    assert _names(client, url, state="OR") == ["Cy"]
    assert _names(client, url, format="telehealth") == ["Ben"]


def test_text_search_matches_names_bios_and_specialities_but_not_private_identity(
    client, directory_page, program
):
    published_listing(program, display_name="Dana Whitfield", bio="Integration groups.")
    published_listing(
        program,
        display_name="Eli Park",
        specialities="grief, internal family systems",
        identity="Korean American, queer",
        show_identity=True,
    )
    published_listing(
        program,
        display_name="Fay Moss",
        bio="Working with traumatic memories gently.",
        identity="Korean American",
        show_identity=False,
    )
    url = directory_page.url

    assert _names(client, url, q="whitfield") == ["Dana Whitfield"]
    assert _names(client, url, q="grief") == ["Eli Park"]
    assert _names(client, url, q="Korean") == ["Eli Park"]  # Fay did not opt in
    assert _names(client, url, q="zzzz-no-match") == []
    if connection.vendor == "postgresql":  # full-text search stems words
        assert _names(client, url, q="memory") == ["Fay Moss"]


def test_text_search_follows_an_edited_bio(client, directory_page, program):
    listing = published_listing(program, display_name="Ana Ruiz", bio="Couples work.")
    url = directory_page.url
    assert _names(client, url, q="psilocybin") == []

    listing.bio = "Psilocybin integration circles."
    listing.save()  # the stored search vector is derived by the database

    assert _names(client, url, q="psilocybin") == ["Ana Ruiz"]
    assert _names(client, url, q="couples") == []


def test_postgresql_connections_cost_random_reads_as_on_ssd():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_results_paginate_and_keep_filters_in_links(client, directory_page, program):
    for i in range(23):
        published_listing(program, display_name=f"Person {i:02d}", telehealth=True)

    first = client.get(directory_page.url, {"format": "telehealth"})
    html = first.content.decode()
    assert "23 practitioners found" in html
    assert "Page 1 of 2" in html
    assert "format=telehealth&amp;page=2" in html
    second = client.get(
        directory_page.url, {"format": "telehealth", "page": 2}
    ).content.decode()
    assert "Person 22" in second and "Person 00" not in second


def test_distance_sorted_pages_count_every_match(client, directory_page, program):
    # 23 offices in San Francisco: the count comes with each page's rows.
    for i in range(23):
        published_listing(program, display_name=f"Person {i:02d}")
    search = {"zip": "94110", "radius": "10", "sort": "distance"}

    first = client.get(directory_page.url, search).content.decode()
    second = client.get(directory_page.url, {**search, "page": 2}).content.decode()
    beyond = client.get(directory_page.url, {**search, "page": 3})

    assert "23 practitioners found" in first and "Page 1 of 2" in first
    assert "23 practitioners found" in second and "Page 2 of 2" in second
    assert second.count('class="card listing-card"') == 3
    assert beyond.status_code == 400
    assert "There are fewer pages than that" in beyond.content.decode()
    assert "Page 2 of 2" in beyond.content.decode()


def test_directory_page_staff_can_hide_filters(client, directory_page):
    term("language", "spanish")
    term("insurance", "aetna")
    directory_page.shown_filters = "location,language"
    directory_page.save_revision().publish()

    html = client.get(directory_page.url).content.decode()

    assert 'name="zip"' in html
    assert 'name="language"' in html
    assert 'name="insurance"' not in html
    assert 'name="role"' not in html


# --- Bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"zip": "00000"}, "We do not recognise the ZIP code"),
        ({"zip": "abcde"}, "We do not recognise the ZIP code"),
        ({"zip": "10001", "radius": "-5"}, "at least 1 mile"),
        ({"zip": "10001", "radius": "100000"}, "at most 250 miles"),
        ({"zip": "10001", "radius": "ten"}, "whole number of miles"),
        ({"radius": "10"}, "Enter a ZIP code to search within a distance."),
        ({"sort": "distance"}, "Enter a ZIP code to sort by distance."),
        ({"language": "klingon"}, "is not one of the choices for this filter"),
        ({"state": "ZZ"}, "Select a valid choice"),
        ({"q": "x" * 500}, "at most 100 characters"),
        ({"fee_max": "1e9"}, "whole number of dollars"),
    ],
)
def test_bad_search_input_gets_clear_message_and_400(
    client, directory_page, program, params, message
):
    published_listing(program)

    page = client.get(directory_page.url, params)
    api = client.get(reverse("directory:api_listings"), params)

    assert page.status_code == 400
    assert message in page.content.decode()
    assert "Correct the search above" in page.content.decode()
    assert api.status_code == 400
    assert message in str(api.json()["errors"])


def test_search_with_nul_byte_is_refused_before_the_search(client, directory_page):
    """The request guard (kaptraining.core.middleware) answers NUL bytes for
    every route; the API gets its JSON error shape."""
    page = client.get(directory_page.url, {"q": "bad\x00byte"})
    api = client.get(reverse("directory:api_listings"), {"q": "bad\x00byte"})

    assert page.status_code == 400
    assert "Null characters are not allowed" in page.content.decode()
    assert api.status_code == 400
    assert "Null characters are not allowed" in str(api.json()["errors"])


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("abc", "That page number was not valid"),
        ("1 OR 1=1", "That page number was not valid"),
        ("-1", "There are fewer pages than that"),
        ("99999999999999", "That page number was not valid"),
        ("999", "There are fewer pages than that"),
    ],
)
@pytest.mark.parametrize(
    "search", [{}, {"zip": "94110", "radius": "25"}], ids=["by-name", "by-distance"]
)
def test_bad_page_number_shows_a_page_with_message(
    client, directory_page, program, page, message, search
):
    listing = published_listing(program)

    response = client.get(directory_page.url, {**search, "page": page})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert listing.display_name in html


def test_injected_query_string_is_plain_text(client, directory_page, program):
    listing = published_listing(program)

    for q in [
        "'; DROP TABLE directory_listing; --",
        "<script>alert(1)</script>",
        "%' OR 1=1 --",
    ]:
        response = client.get(directory_page.url, {"q": q, "zip": "94110"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert (
        client.get(directory_page.url).content.decode().count(listing.display_name) == 1
    )


def test_unknown_parameters_are_ignored(client, directory_page, program):
    listing = published_listing(program)

    response = client.get(directory_page.url, {"utm_source": "x", "debug": "1"})

    assert response.status_code == 200
    assert listing.display_name in response.content.decode()


# --- Query budget -------------------------------------------------------------


def _make_listings(program, n):
    terms = [
        ("language", "spanish"),
        ("service", "individual-kap"),
        ("route", "lozenge"),
    ]
    for i in range(n):
        listing = ListingFactory(
            display_name=f"Bulk {i:03d}",
            telehealth=True,
            with_terms=terms,
            licensed_in=["CA", "OR"],
        )
        certify(listing.user, program)


# A distance or relevance sort finds the page's keys and the number of
# matches in one query (COUNT(*) OVER ()), then reads those rows by key; a
# name-sorted page reads in index order and counts apart. Either way:
BY_DISTANCE = {"zip": "94110", "radius": "50", "language": "spanish"}
BY_NAME = {"state": "CA", "language": "spanish"}
# Page: page routing and view restrictions (4; the site and organisation
# settings come from the cache since issue 19), choice lists (1), keys and
# count, or count (1), the page's rows (1), licensures (1), choices per
# listing (1).
PAGE_QUERIES = 9
# API: choice lists, keys and count (or count), rows, licensures, choices.
API_QUERIES = 5


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("params", [BY_DISTANCE, BY_NAME], ids=["distance", "name"])
def test_directory_page_query_count_is_constant(
    client, directory_page, program, django_assert_num_queries, n, params
):
    _make_listings(program, n)
    client.get(directory_page.url, params)  # warm Wagtail's site cache

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(directory_page.url, params)

    assert response.status_code == 200
    assert response.content.decode().count('class="card listing-card"') == min(n, 20)


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("params", [BY_DISTANCE, BY_NAME], ids=["distance", "name"])
def test_api_query_count_is_constant(
    client, program, django_assert_num_queries, n, params
):
    _make_listings(program, n)

    with django_assert_num_queries(API_QUERIES):
        data = client.get(reverse("directory:api_listings"), params).json()

    assert len(data["results"]) == min(n, 20)
    assert data["count"] == n
