"""Who may see a trainee's records: one rule, for every view.

The trainee themselves and staff always may. Anyone else needs a
relationship to the trainee that opens that kind of record: a trainer of the
trainee's cohort (cohorts), their mentor (mentorship), a supervisor of their
practicum site (practicums). Each app registers the relationship it owns,
from its AppConfig.ready(), with the records it opens; a view asks
`may_view_trainee()` and never imports those apps.
"""

from collections.abc import Callable
from dataclasses import dataclass

# Kinds of record a relationship may open.
HOURS = "hours"  # ledger, progress, transcripts (credits)
STUDY = "study"  # lesson completions, quiz attempts (study)
MENTORSHIP = "mentorship"  # pairs and meetings (mentorship)
PRACTICUM = "practicum"  # placements and observation logs (practicums)
# Not a record to read but a power: decide (approve external hours, sign off
# practicum logs) on the trainee's behalf, as staff do. Opened by a trainer of
# the trainee's active cohort while the organisation lets trainers decide.
DECIDE = "decide"

Holds = Callable[[object, object], bool]  # (user, trainee) -> bool


@dataclass(frozen=True)
class Relationship:
    name: str
    opens: frozenset[str]
    holds: Holds


_relationships: dict[str, Relationship] = {}


def register_relationship(name: str, *, opens: set[str]) -> Callable[[Holds], Holds]:
    """Decorator for `holds(user, trainee) -> bool` (one query at most).
    Registering a name again replaces it."""

    def decorator(holds: Holds) -> Holds:
        _relationships[name] = Relationship(name, frozenset(opens), holds)
        return holds

    return decorator


def relationships_between(user, trainee) -> list[str]:
    """The names of every registered relationship the user has with the trainee."""
    return [r.name for r in _relationships.values() if r.holds(user, trainee)]


def may_view_trainee(user, trainee, *, record: str) -> bool:
    """May `user` see `trainee`'s records of this kind?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.pk == trainee.pk:
        return True
    return any(
        record in r.opens and r.holds(user, trainee) for r in _relationships.values()
    )


def may_decide_for_trainee(user, trainee) -> bool:
    """May `user` make staff's decisions on `trainee`'s hours and logs? Staff
    always; never the trainee themselves; else a relationship that opens
    DECIDE (a trainer of their active cohort, when the setting allows)."""
    if not (user.is_authenticated and user.is_active) or user.pk == trainee.pk:
        return False
    if user.is_staff:
        return True
    return any(
        DECIDE in r.opens and r.holds(user, trainee) for r in _relationships.values()
    )
