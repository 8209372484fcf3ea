"""Odd input never breaks a page (issue 14, finding 7): every route, with a
NUL byte or digits other than 0-9 ("²", Arabic-Indic, full-width) in each
path parameter, in the query string and in every form field, by GET and
POST, as anonymous and as each kind of signed-in person: no 500. PostgreSQL
refuses NUL bytes outright, so this runs there."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection

from tests.conftest import service_or_skip
from tests.route_world import NAMED, _url, world_fixture  # noqa: F401
from tests.routes_helpers import CONVERTER_SAMPLES, routes

pytestmark = pytest.mark.django_db

# NUL and a number in other digits (both refused by the request guard), and
# Arabic-Indic digits inside text, which reach the views.
ODD = ["\x00", "²", "٣٤x"]
# Query keys the views read, besides the fields of the page's own forms.
QUERY_KEYS = [
    "q",
    "page",
    "page_size",
    "tag",
    "number",
    "next",
    "zip",
    "radius",
    "language",
    "state",
    "fee_max",
    "program",
    "cohort",
    "status",
    "sort",
]
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@pytest.fixture(autouse=True)
def _postgresql():
    service_or_skip("PostgreSQL", connection.vendor == "postgresql")


class _Fields(HTMLParser):
    """The names of the fields of every form on a page."""

    def __init__(self):
        super().__init__()
        self.names = set()

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "select", "textarea", "button"):
            name = dict(attrs).get("name")
            if name and name != "csrfmiddlewaretoken":
                self.names.add(name)


def _field_names(response) -> set[str]:
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return set()
    parser = _Fields()
    parser.feed(response.content.decode(errors="replace"))
    return parser.names


def _server_errors(client, method, url, data=None) -> list[str]:
    response = getattr(client, method)(url, data or {})
    if response.status_code >= 500:
        return [f"{method.upper()} {url!r} {data!r}: {response.status_code}"]
    return []


def test_every_route_with_odd_path_parameters(client, django_user_model):
    """The resolver walk: each parameter of each route replaced by odd input,
    as anonymous and as a staff member who passed MFA (who gets furthest)."""
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.raise_request_exception = False
    failures = []
    for user in (None, staff):
        client.logout()
        if user:
            client.force_login(user)
        for route, _name, _path, _access, _match in routes():
            params = list(PARAM.finditer(route))
            for i, param in enumerate(params):
                converter = param.group(1) or "str"
                values = ["²"] if converter == "int" else ODD
                for value in values:
                    path = route
                    for j, other in reversed(list(enumerate(params))):
                        filler = (
                            value
                            if i == j
                            else CONVERTER_SAMPLES.get(other.group(1) or "str", "x")
                        )
                        path = path[: other.start()] + filler + path[other.end() :]
                    if "^" in path or "(" in path:
                        continue  # regex routes: their groups are sampled below
                    for method in ("get", "post"):
                        failures += _server_errors(client, method, "/" + path)
    assert failures == []


def test_every_named_route_with_odd_query_and_form_fields(client, world):
    """Each named route of the project with its real objects, as each kind of
    visitor: odd values in the query and in every field of the page's forms."""
    client.raise_request_exception = False
    failures = []
    for who, user in world.people.items():
        if who == "staff without MFA":
            continue  # stopped before any view, like anonymous
        client.logout()
        if user is not None:
            client.force_login(user)
        for name in NAMED:
            url = _url(world, name)
            page = client.get(url)
            fields = _field_names(page) if page.status_code == 200 else set()
            for value in ODD:
                query = dict.fromkeys({*QUERY_KEYS, *fields}, value)
                failures += _server_errors(client, "get", url, query)
                if fields:
                    form = dict.fromkeys(fields, value)
                    failures += _server_errors(client, "post", url, form)
            for field in fields:  # each field alone, where int() would break
                failures += _server_errors(client, "post", url, {field: "²"})
    assert failures == []


@pytest.mark.parametrize("value", ODD)
def test_odd_input_gets_a_clear_400_or_a_form_error(client, world, value):
    """Not only no 500: a NUL byte is refused with a message everywhere."""
    client.force_login(world.owner)
    response = client.get("/learn/search/", {"q": value})
    if value == "\x00":
        assert response.status_code == 400
        assert "Null characters are not allowed" in response.content.decode()
    elif value == "²":
        assert response.status_code == 400
        assert "written with the digits 0 to 9" in response.content.decode()
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(
    "name, args, data",
    [
        ("certificates:verify", ["KAP-\x00"], None),
        ("certificates:lookup", [], {"number": "KAP\x00"}),
        ("cohorts:trainee_calendar", ["tok\x00en"], None),
        ("curriculum:search", [], {"q": "ketamine\x00"}),
        ("credits:ce_certificate", ["CE-\x00"], None),
        ("certificates:credential", ["KAP-\x00"], None),
    ],
)
def test_reported_nul_doors_answer_400_with_a_message(client, world, name, args, data):
    """The doors the review found (issue 14, finding 7) by GET."""
    from django.urls import reverse

    client.force_login(world.owner)
    response = client.get(reverse(name, args=args), data)
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()


@pytest.mark.parametrize(
    "name, field",
    [
        ("curriculum:note_save", "body"),
        ("payments:apply_code", "code"),
        ("payments:apply_tier", "tier"),
        ("payments:choose", "arrangement"),
    ],
)
def test_reported_form_doors_refuse_nul_and_foreign_numbers(client, world, name, field):
    from django.urls import reverse

    client.force_login(world.owner)
    arg = (
        world.objects["lesson"]
        if name.startswith("curriculum")
        else world.objects["pending"]
    )
    url = reverse(name, args=[arg])
    nul = client.post(url, {field: "a\x00b"})
    superscript = client.post(url, {field: "²"})
    assert (nul.status_code, superscript.status_code) == (400, 400)
    assert "Null characters are not allowed" in nul.content.decode()
    assert "digits 0 to 9" in superscript.content.decode()
