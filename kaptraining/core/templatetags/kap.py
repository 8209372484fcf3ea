"""Formatting at the edge: money in minor units, minutes as hours."""

from django import template

from kaptraining.core import urls
from kaptraining.core.hours import format_hours

register = template.Library()

_SYMBOLS = {"usd": "$", "cad": "CA$", "eur": "€", "gbp": "£", "aud": "A$"}


@register.filter
def money(amount_cents, currency="usd"):
    """Format integer minor units: 150000, "usd" -> "$1,500.00"."""
    if amount_cents is None:
        return ""
    amount_cents = int(amount_cents)
    sign = "-" if amount_cents < 0 else ""
    units, cents = divmod(abs(amount_cents), 100)
    symbol = _SYMBOLS.get(str(currency).lower(), str(currency).upper() + " ")
    return f"{sign}{symbol}{units:,}.{cents:02d}"


@register.filter
def hours(minutes):
    """Minutes as hours by the one rule (core.hours): 90 -> "1.5"."""
    return format_hours(minutes)


@register.filter
def percent_of(part, whole):
    """Whole-number percentage, clamped to 0..100, for progress bars."""
    try:
        whole = int(whole)
        if whole <= 0:
            return 100
        return max(0, min(100, int(int(part) * 100 / whole)))
    except (TypeError, ValueError):
        return 0


@register.simple_tag
def absolute_url(path_or_view_name, *args, **kwargs):
    """{% absolute_url "certificates:verify" number %}: a link on SITE_URL."""
    return urls.absolute_url(path_or_view_name, *args, **kwargs)


@register.filter
def absolute(path):
    """{{ listing.get_absolute_url|absolute }}: a path as a link on SITE_URL."""
    return urls.absolute_url(str(path))
