"""Certificates, as credits shows them on transcripts: asked of the app that
issues them, which registers itself here (certificates/registrations.py),
so credits never imports it.

- `awards_of(trainee)`: the trainee's program certificates, newest first;
- `verifiable_awards(keys)`: for (trainee id, award key) pairs, the
  verifiable certificate of each (the valid one if any, else the newest).
"""

from collections.abc import Callable, Iterable
from typing import Any

AwardKey = tuple[int, str]  # (trainee id, award key such as "ce:12")

_awards_of: Callable[[Any], list] | None = None
_verifiable: Callable[[set[AwardKey]], dict[AwardKey, Any]] | None = None


def register_award_source(
    *,
    awards_of: Callable[[Any], list],
    verifiable: Callable[[set[AwardKey]], dict[AwardKey, Any]],
) -> None:
    """Called once by the app that issues certificates (a second call replaces)."""
    global _awards_of, _verifiable
    _awards_of, _verifiable = awards_of, verifiable


def awards_of(trainee) -> list:
    return _awards_of(trainee) if _awards_of else []


def verifiable_awards(keys: Iterable[AwardKey]) -> dict[AwardKey, Any]:
    keys = set(keys)
    return _verifiable(keys) if (_verifiable and keys) else {}
