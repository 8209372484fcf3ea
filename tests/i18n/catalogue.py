"""Find English left on a page rendered in Spanish.

`untranslated(html)` returns the user-facing strings of a page that are still
in English: text and the attributes people read (alt, aria-label, title,
placeholder, button values) that either match a catalogue msgid whose Spanish
is missing or unchanged, or read as English (common English words). Text
written by users or editors is skipped: mark its element with
data-i18n="content" (a practitioner's bio, a page's rich text). The language
switcher names each language in itself, with a lang attribute, and is skipped
the same way (any element whose lang is not the page's).

To extend: add the page to PUBLIC_PAGES in test_spanish.py; when it fails, the
message lists the missing msgids: wrap the strings in {% translate %} or
gettext, run `make messages`, translate them in
locale/es/LC_MESSAGES/django.po, and run the test again."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/es/LC_MESSAGES/django.po"
READ_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")
# A textarea holds what the person wrote (a bio, a reflection): content.
SKIPPED_TAGS = {"script", "style", "head", "template", "noscript", "textarea"}
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
# Words that occur in English sentences and never in Spanish ones.
ENGLISH_WORDS = re.compile(
    r"\b(the|your|you|and|with|this|that|for|are|is|not|of|to|by|our|we|from|"
    r"page|search|sign|find|verify|certificate|please|here|more|name)\b",
    re.IGNORECASE,
)


@cache
def _msgids() -> list[tuple[re.Pattern, str, bool]]:
    """(pattern, msgid, same_in_spanish) for every msgid; placeholders match
    anything."""
    rows = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            text = _normalise(re.sub(r"<[^>]+>", " ", msgid))
            if len(text) < 2 or not re.search(r"[A-Za-z]{2}", text):
                continue
            parts = re.split(r"%\(\w+\)[sd]|%[sd]", text)
            pattern = re.compile(r".+?".join(re.escape(p) for p in parts))
            spanish = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
            # English on the page is fine only where the Spanish is the same
            # (LCSW, Medicare): then the msgid is "translated" as itself.
            same = bool(spanish) and spanish == entry.msgid
            rows.append((pattern, msgid, same))
    return rows


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Visible(HTMLParser):
    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[bool] = []  # whether each open element is skipped
        self.chunks: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = (
            tag in SKIPPED_TAGS
            or attrs.get("data-i18n") == "content"
            or attrs.get("translate") == "no"
            or ("lang" in attrs and tag != "html" and attrs["lang"] != self.page_lang)
            or "hidden" in attrs
            or attrs.get("aria-hidden") == "true"
        )
        if not (self.skipping or skip):
            for name in READ_ATTRIBUTES:
                if attrs.get(name):
                    self.chunks.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.chunks.append(attrs.get("value") or "")
        if tag not in VOID_TAGS:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.chunks.append(data)


def visible_text(html: str, page_lang: str = "es") -> list[str]:
    parser = _Visible(page_lang)
    parser.feed(html)
    return [t for t in (_normalise(c) for c in parser.chunks) if t]


def untranslated(html: str, page_lang: str = "es") -> list[str]:
    """The page's English strings: a catalogue msgid where one matches (so the
    report says what to translate), otherwise the text itself."""
    found: list[str] = []
    for chunk in visible_text(html, page_lang):
        hits = [(m, same) for pattern, m, same in _msgids() if pattern.fullmatch(chunk)]
        english = [m for m, same in hits if not same]
        if english:
            found.extend(english)
        elif not hits and ENGLISH_WORDS.search(chunk):
            found.append(chunk)
    return sorted(set(found))
