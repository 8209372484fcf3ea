"""The trainee area and sign-up in Spanish (issue 21): each page in
TRAINEE_PAGES and SIGN_UP_PAGES, rendered under /es/ for a signed-in trainee
(or a visitor, for sign-up), shows no English left (tests/i18n/catalogue.py
says how it tells).

It reads the catalogue (locale/es/LC_MESSAGES/django.po, compiled before the
tests run), so it passes as soon as every msgid these pages use has its
Spanish; a failure lists the msgids to translate, or the English text itself
where a string was never wrapped for translation (wrap it, run `make
messages`, translate it). Add a trainee page here to cover it."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import lessons_of
from tests.route_world import ARGS, _url, world_fixture  # noqa: F401 - fixture

from .catalogue import untranslated

pytestmark = pytest.mark.django_db

# The pages a trainee uses, by URL name (arguments from tests/route_world.py).
TRAINEE_PAGES = [
    "dashboard",
    "profile",
    "cohorts:list",
    "cohorts:enrolment",
    "cohorts:home",
    "cohorts:discussion",
    "cohorts:thread",
    "credits:my_hours",
    "credits:external_submit",
    "credits:transcript",
    "credits:my_ce",
    "ce:transcript",
    "curriculum:journal",
    "curriculum:search",
    "practicums:home",
    "practicums:log_create",
    "practicums:log_detail",
    "mentorship:pair",
    "payments:account",
    "payments:demo_checkout",
    "notifications:index",
    "notifications:preferences",
    "directory:mine",
    # allauth, signed in: e-mail addresses, password, two-factor set-up
    "account_email",
    "account_change_password",
    "mfa_index",
    "account_reauthenticate",
]
# Wagtail pages of the curriculum: the program outline and a lesson.
CURRICULUM_PAGES = ["program outline", "lesson"]
# Sign-up and sign-in, as a visitor sees them.
SIGN_UP_PAGES = [
    "account_signup",
    "account_login",
    "account_reset_password",
]


def _spanish_problems(client, paths: dict[str, str]) -> dict[str, list[str]]:
    problems = {}
    for name, path in paths.items():
        response = client.get("/es" + path)
        translation.activate(settings.LANGUAGE_CODE)
        assert response.status_code == 200, (name, path, response.status_code)
        html = response.content.decode()
        assert '<html lang="es">' in html, name
        left = untranslated(html)
        if left:
            problems[name] = left
    return problems


def _paths(world) -> dict[str, str]:
    paths = {}
    for name in TRAINEE_PAGES:
        paths[name] = _url(world, name) if name in ARGS else reverse(name)
    lesson = lessons_of(world.program)[0]
    paths["program outline"] = world.program.url
    paths["lesson"] = lesson.url
    return paths


def test_trainee_pages_render_in_spanish_with_nothing_left_in_english(client, world):
    client.force_login(world.owner)
    paths = _paths(world)
    assert set(paths) == set(TRAINEE_PAGES) | set(CURRICULUM_PAGES)
    problems = _spanish_problems(client, paths)
    assert not problems, (
        "English left on the trainee's Spanish pages (translate these msgids in "
        f"locale/es/LC_MESSAGES/django.po, or wrap the text): {problems}"
    )


def test_sign_up_pages_render_in_spanish_with_nothing_left_in_english(client, db):
    problems = _spanish_problems(client, {n: reverse(n) for n in SIGN_UP_PAGES})
    assert not problems, (
        "English left on the Spanish sign-up pages (translate these msgids in "
        f"locale/es/LC_MESSAGES/django.po, or wrap the text): {problems}"
    )
