"""The public site in Spanish: every page in PUBLIC_PAGES renders under /es/
with no English left (tests/i18n/catalogue.py says how to extend it), English
keeps every address it had, and the pages point at each other (hreflang and
the language switcher)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kaptraining.certificates.models import Certificate
from kaptraining.directory.models import DirectoryPage
from tests.factories.directory import published_listing

from .catalogue import untranslated, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page, program):
    directory = home_page.add_child(
        instance=DirectoryPage(
            title="Find a practitioner",
            slug="directory",
            intro="<p>Every practitioner here holds a current certificate.</p>",
        )
    )
    listing = published_listing(
        program,
        display_name="Marisol Vega",
        telehealth=True,
        sliding_scale=True,
        sliding_scale_bands="Under $40,000: $60\nOver $40,000: $120",
        fee_min_cents=6000,
        fee_max_cents=12000,
        superbills=True,
        show_identity=True,
        bio="Bilingual KAP with preparation and integration.",
        bio_es="KAP bilingüe, con preparación e integración.",
        first_session="We talk about your history and what you hope for.",
        with_terms=[
            ("language", "spanish"),
            ("service", "individual-kap"),
            ("gender", "woman"),
            ("race_ethnicity", "latine"),
            ("access", "evening-hours"),
            ("population", "adults"),
        ],
    )
    certificate = Certificate.objects.get(trainee=published_listing(program).user)
    return {"directory": directory, "listing": listing, "certificate": certificate}


def public_pages(world) -> dict[str, str]:
    """The public pages checked in Spanish; add a page here to cover it."""
    directory = world["directory"].url.rstrip("/")
    listing = world["listing"]
    return {
        "home": "/",
        "directory": f"{directory}/",
        "directory search": f"{directory}/?zip=94110&radius=25&language=spanish",
        "directory bad search": f"{directory}/?zip=00000&radius=x",
        "listing": reverse("directory:detail", args=[listing.pk]),
        "embed": reverse("directory:embed"),
        "verify lookup": reverse("certificates:lookup"),
        "verify": reverse("certificates:verify", args=[world["certificate"].number]),
        "verify unknown": reverse("certificates:verify", args=["KAP-NONE0-00000"]),
        "page not found": "/no-such-page/",
    }


def _spanish(client, path: str):
    response = client.get("/es" + path, HTTP_ACCEPT_LANGUAGE="es")
    # Back to the default for the test's own reverse() calls.
    translation.activate(settings.LANGUAGE_CODE)
    return response


def test_every_public_page_renders_in_spanish_with_nothing_left_in_english(
    client, world
):
    problems = {}
    for name, path in public_pages(world).items():
        response = _spanish(client, path)
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        html = response.content.decode()
        assert '<html lang="es">' in html, name
        left = untranslated(html)
        if left:
            problems[name] = left
    assert not problems, (
        "English left on Spanish pages (translate these msgids in "
        f"locale/es/LC_MESSAGES/django.po): {problems}"
    )


def test_english_pages_keep_their_addresses_and_language(client, world):
    for name, path in public_pages(world).items():
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
        # An English address stays English whatever the browser prefers.
        assert response.status_code in (200, 400, 404), name
        assert '<html lang="en">' in response.content.decode(), name


def test_helper_reports_english_that_slipped_through():
    html = (
        '<html lang="es"><body><p>Find a practitioner</p>'
        "<p>Buscar</p><p>Please call the office</p>"
        '<p data-i18n="content">Written by the practitioner</p>'
        '<img alt="Photo of Ana"></body></html>'
    )
    assert untranslated(html) == [
        "Find a practitioner",
        "Photo of %(name)s",
        "Please call the office",
    ]
    assert "Written by the practitioner" not in visible_text(html)


def test_hreflang_and_switcher_link_the_two_languages(client, world):
    listing = world["listing"]
    path = reverse("directory:detail", args=[listing.pk])
    english = client.get(path).content.decode()
    spanish = _spanish(client, path).content.decode()
    for html in (english, spanish):
        assert re.search(rf'hreflang="en" href="https?://[^"/]+{path}"', html)
        assert re.search(rf'hreflang="es" href="https?://[^"/]+/es{path}"', html)
        assert re.search(rf'hreflang="x-default" href="https?://[^"/]+{path}"', html)
    # The switcher names each language in itself and marks the current one.
    assert 'aria-current="true" lang="en">English' in english
    assert f'href="/es{path}" hreflang="es" lang="es">Español' in english
    assert f'href="{path}" hreflang="en" lang="en">English' in spanish


def test_listing_shows_its_spanish_profile_on_the_spanish_site(client, world):
    listing = world["listing"]
    path = reverse("directory:detail", args=[listing.pk])
    assert "KAP bilingüe" in _spanish(client, path).content.decode()
    english = client.get(path).content.decode()
    assert "KAP bilingüe" not in english and "Bilingual KAP" in english
    # Choices are shown in the reader's language.
    assert "Mujer" in _spanish(client, path).content.decode()


def test_spanish_forms_post_to_spanish_addresses(client, world):
    listing = world["listing"]
    html = _spanish(client, reverse("directory:detail", args=[listing.pk]))
    assert f'action="/es/directory/practitioners/{listing.pk}/contact/' in (
        html.content.decode()
    )
