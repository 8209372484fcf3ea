"""Whole numbers from user input: one parser for ids and counts.

str.isdigit() accepts "²", "٣" and "５": int() then fails on some ("²") and
quietly reads others, and a long enough number overflows the database's id
column. Everything typed, posted or put in a query string goes through here.
"""

MAX_ID = 2**63 - 1  # BigAutoField


def parse_whole_number(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The ASCII whole number `value` spells, within [minimum, maximum]; None
    for anything else (other digits, signs, spaces inside, empty, too large)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value) -> int | None:
    """A primary key from user input, or None."""
    return parse_whole_number(value, minimum=1)
