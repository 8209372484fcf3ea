"""Translating a page into another language through wagtail-localize, the
way an editor's "Translate" does in the admin (issue 21): the page's strings
are extracted into a translation source, each string gets its translation,
and the translated page is created (or updated) and published. The demo
uses it; editors use the admin's translation editor for the same records."""

from collections.abc import Mapping

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


@transaction.atomic
def page_translate(
    *,
    page: Page,
    language: str,
    strings: Mapping[str, str],
    user=None,
    publish: bool = True,
) -> Page:
    """Create or update `page`'s translation into `language` from `strings`
    (English text -> its translation); a string not given stays in English
    (wagtail-localize's fallback), as an editor would see it untranslated."""
    # A content language (settings.WAGTAIL_CONTENT_LANGUAGES); pages/0003
    # creates "es", and a database emptied since (a test's flush) gets it back.
    locale, _created = Locale.objects.get_or_create(language_code=language)
    source, _created = TranslationSource.update_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        text = strings.get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
    # The Translation record is what the admin's translation editor opens, so
    # an editor can go on from here.
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    translation.save_target(user=user, publish=publish)
    return page.get_translation(locale).specific
