"""Mentorship writes, by topic: preferences and pairing (pairing.py), then
re-matches, meetings and recommendations (meetings.py). Import from here."""

from .common import STUDYING, MentorshipError
from .meetings import (
    meeting_confirm,
    meeting_dispute,
    meeting_log,
    meeting_plan,
    meeting_plan_cancel,
    recommendation_save,
    rematch_handle,
    rematch_request,
)
from .pairing import (
    may_pair,
    pair_assign,
    pair_set_locked,
    pairing_run,
    pairs_publish,
    preference_save,
)

__all__ = [
    "STUDYING",
    "MentorshipError",
    "meeting_confirm",
    "meeting_dispute",
    "meeting_log",
    "meeting_plan",
    "meeting_plan_cancel",
    "may_pair",
    "pair_assign",
    "pair_set_locked",
    "pairing_run",
    "pairs_publish",
    "preference_save",
    "recommendation_save",
    "rematch_handle",
    "rematch_request",
]
