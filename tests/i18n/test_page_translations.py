"""Editors' pages in two languages (issue 21): wagtail-localize translations
are served under /es/ once published; an untranslated page (or a translation
still in draft) falls back to the English page, keeping the Spanish address;
the anonymous page cache keeps the languages apart and forgets a page when
its translation is published."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import translation
from wagtail.models import Locale

from kaptraining.pages.translation import page_translate

pytestmark = pytest.mark.django_db

SPANISH = {
    "Training clinicians in ketamine-assisted psychotherapy": (
        "Formación de profesionales clínicos en psicoterapia asistida con ketamina"
    ),
}


def _get(client, path):
    response = client.get(path)
    translation.activate("en-us")
    return response


def _translate(committed, **kwargs):
    # wagtail-localize publishes a translation after the transaction commits.
    with committed():
        page = page_translate(**kwargs)
    page.refresh_from_db()
    return page


def _home_with_headline(home_page):
    home_page.headline = "Training clinicians in ketamine-assisted psychotherapy"
    home_page.save_revision().publish()
    return home_page


def test_the_migration_makes_a_spanish_locale_beside_english(settings):
    migration = importlib.import_module(
        "kaptraining.pages.migrations.0003_spanish_locale"
    )
    Locale.objects.filter(language_code="es").delete()
    migration.create_spanish(django_apps, None)
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en", "es"}
    content = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    assert content == [code for code, _name in settings.LANGUAGES] == ["en", "es"]


def test_published_translation_is_served_on_the_spanish_site(
    client, home_page, program, committed
):
    home = _home_with_headline(home_page)
    spanish = _translate(committed, page=home, language="es", strings=SPANISH)

    assert spanish.locale.language_code == "es" and spanish.live
    es = _get(client, "/es/").content.decode()
    en = _get(client, "/").content.decode()
    assert "Formación de profesionales clínicos" in es
    assert '<html lang="es">' in es
    assert "Formación de profesionales clínicos" not in en
    assert "Training clinicians in ketamine-assisted psychotherapy" in en
    # The Spanish home lists the English home's programs, at Spanish addresses.
    assert f'href="/es{program.url}"' in es
    # The admin's translation editor can open it (wagtail-localize's record).
    assert spanish.get_translation(Locale.objects.get(language_code="en")) == home


def test_untranslated_page_falls_back_to_english_at_its_spanish_address(
    client, home_page, program, committed
):
    home = _home_with_headline(home_page)
    _translate(committed, page=home, language="es", strings=SPANISH)
    # The program has no Spanish translation: /es/ still finds it (in English,
    # in the Spanish chrome), whatever the Spanish tree holds.
    response = _get(client, "/es" + program.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html and program.title in html
    assert _get(client, "/es/no-such-page/").status_code == 404


def test_draft_translation_is_not_served(client, home_page, committed):
    home = _home_with_headline(home_page)
    _translate(committed, page=home, language="es", strings=SPANISH, publish=False)
    es = _get(client, "/es/").content.decode()
    assert "Formación de profesionales clínicos" not in es
    assert "Training clinicians in ketamine-assisted psychotherapy" in es


def test_page_cache_varies_on_language_and_forgets_on_publishing_a_translation(
    client, home_page, settings, committed
):
    settings.KAP_ANON_CACHE = True
    home = _home_with_headline(home_page)
    assert "Formación" not in _get(client, "/es/").content.decode()
    assert "Training clinicians" in _get(client, "/").content.decode()
    # Both stored now; publishing the translation must drop the Spanish one.
    _translate(committed, page=home, language="es", strings=SPANISH)
    assert "Formación de profesionales" in _get(client, "/es/").content.decode()
    assert "Formación" not in _get(client, "/").content.decode()
