"""iCalendar feeds (RFC 5545) of live sessions, built with `icalendar`.

Each session keeps one UID for life; SEQUENCE rises when it changes and a
cancelled session stays in the feed with STATUS:CANCELLED, so subscribed
calendars update or remove it instead of keeping a stale copy."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import LiveSession


def _event(session: LiveSession, *, private: bool) -> Event:
    event = Event()
    event.add("uid", f"{session.uid}@kaptraining")
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at or timezone.now())
    event.add("last-modified", session.updated_at or timezone.now())
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", f"{session.title} ({session.get_kind_display()})")
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    lines = [session.description] if session.description else []
    if session.facilitator_id:
        lines.append(f"Facilitator: {session.facilitator.display_name}")
    if private and session.meeting_url:
        lines.append(f"Join: {session.meeting_url}")
        event.add("url", session.meeting_url)
    if session.is_cancelled and session.cancel_reason:
        lines.append(f"Cancelled: {session.cancel_reason}")
    if lines:
        event.add("description", "\n\n".join(lines))
    if session.location:
        event.add("location", session.location)
    elif private and session.meeting_url:
        event.add("location", session.meeting_url)
    return event


def feed(
    sessions, *, name: str, private: bool, link_cohorts: set[int] | None = None
) -> bytes:
    """The calendar for `sessions`; meeting links only in private feeds, and
    there (given link_cohorts) only for sessions of those cohorts."""
    cal = Calendar()
    cal.add("prodid", "-//kaptraining//live sessions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-published-ttl", "PT1H")
    for session in sessions:
        linked = private and (link_cohorts is None or session.cohort_id in link_cohorts)
        cal.add_component(_event(session, private=linked))
    return cal.to_ical()
