"""Cached progress (issue 19): `program_progress_many(cached=True)` keeps each
trainee's evaluated Progress in the cache (Redis in production), so pages that
show progress (dashboard, transcript, roster) do not re-run the ledger
aggregates on every request. Decisions (certificate issuance) never use it.

An entry is found only under the current *generation tokens*: one per trainee
and one for everything (programs, requirements, cohorts, pages). A token is a
random string replaced on every change, so an evicted token can never bring an
old entry back. receivers.py replaces them:

- a trainee's token: a save or delete of their user row or of any row with a
  `trainee` field (ledger entries, enrolments, claims, sign-offs, quiz
  attempts, submissions, extensions...), and the ledger's own
  `progress_changed` signal (bulk ledger writes send no model signals);
- the shared token: any change to credits' or curriculum's rows without a
  trainee, to cohorts, and every Wagtail publish, unpublish or move.

Both now and again after the transaction commits, so a page that computed
from the old rows in between cannot leave them behind. Entries also carry the
language (item messages are translated when evaluated) and a 15-minute time
bucket (windows and licence expiry move with the clock), and expire with it.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

SHARED_KEY = "kap:progress:gen"
BUCKET_SECONDS = 900


def enabled() -> bool:
    return getattr(settings, "KAP_PROGRESS_CACHE", True)


def _trainee_key(trainee_id: int) -> str:
    return f"kap:progress:gen:{trainee_id}"


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


def _renew(keys: list[str]) -> None:
    cache.set_many({key: _new_token() for key in keys}, timeout=None)


def _renew_now_and_after_commit(keys: list[str]) -> None:
    _renew(keys)
    transaction.on_commit(lambda: _renew(keys))


def trainee_changed(trainee_id: int) -> None:
    """Drop the cached progress of one trainee, in every program."""
    _renew_now_and_after_commit([_trainee_key(trainee_id)])


def everything_changed() -> None:
    """Drop every cached progress (a program, requirement or cohort changed)."""
    _renew_now_and_after_commit([SHARED_KEY])


def _tokens(trainee_ids: list[int]) -> tuple[str, dict[int, str]]:
    keys = [SHARED_KEY] + [_trainee_key(t) for t in trainee_ids]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add() keeps a token another process set in the meantime.
            cache.add(key, _new_token(), timeout=None)
            # Evicted at once (a full cache): a token nobody stored under.
            found[key] = cache.get(key) or _new_token()
    return found[SHARED_KEY], {t: found[_trainee_key(t)] for t in trainee_ids}


def _entry_keys(program_id: int, trainee_ids: list[int]) -> dict[int, str]:
    shared, tokens = _tokens(trainee_ids)
    bucket = int(time.time()) // BUCKET_SECONDS
    language = get_language() or settings.LANGUAGE_CODE
    return {
        t: f"kap:progress:{program_id}:{t}:{shared}:{tokens[t]}:{bucket}:{language}"
        for t in trainee_ids
    }


def cached_many(program_id: int, trainee_ids: list[int], compute) -> dict:
    """{trainee_id: Progress}, from the cache where current, else from
    `compute(missing_ids)` (one evaluation for all the missing), then stored."""
    keys = _entry_keys(program_id, trainee_ids)
    found = cache.get_many(list(keys.values()))
    result = {t: found[k] for t, k in keys.items() if k in found}
    missing = [t for t in trainee_ids if t not in result]
    if missing:
        computed = compute(missing)
        cache.set_many(
            {keys[t]: computed[t] for t in missing if t in computed},
            timeout=BUCKET_SECONDS,
        )
        result.update(computed)
    return result


def trainee_cached(trainee_id: int, name: str, compute):
    """`compute()` for one trainee, kept under the same tokens as their
    progress (for other apps' per-trainee reads that only rows with a
    `trainee` field, or shared rows, change: study's completions and
    elective choices). `name` says what it is and for which program."""
    shared, tokens = _tokens([trainee_id])
    key = f"kap:trainee:{trainee_id}:{name}:{shared}:{tokens[trainee_id]}"
    stored = cache.get(key)
    if stored is None:
        stored = compute()
        cache.set(key, stored, timeout=BUCKET_SECONDS)
    return stored
