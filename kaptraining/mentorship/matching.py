"""Optimal trainee–mentor assignment. Pure: no database, so it is fast and testable.

The problem is a min-cost assignment (scipy's linear_sum_assignment) with one
column per capacity slot: a mentor who takes three trainees is three columns.
Hard constraints (required language, required profession or time zone, no
self-pairing, mentors a trainee was re-matched away from) make a cell
infeasible: it costs more than any feasible assignment could ever gain, so the
solver first pairs as many trainees as it can and then maximises fit. Infeasible
cells that the solver still had to use (when nothing else fits) are dropped,
and those trainees stay unpaired. Fit is the sum of named parts, and every pair
keeps those parts to show why it was made."""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

ANY, PREFER, REQUIRE = "any", "prefer", "require"

# Points for each part of fit. Kept small and integer so that scores are easy
# to read and the infeasible cost dominates any sum of them.
POINTS = {
    "preferred": 30,  # the trainee asked for this mentor
    "profession": 15,  # same profession, when the trainee cares
    "language": 10,  # a shared language (or the required one)
    "timezone": 10,  # minus 2 per hour apart, when the trainee cares
    "focus": 8,  # per shared speciality or population, up to FOCUS_CAP
}
FOCUS_CAP = 3
NEAR_HOURS = 3.0
INFEASIBLE = 10_000_000


@dataclass(frozen=True)
class TraineeIn:
    key: int
    user_id: int
    profession: str = ""
    utc_offset: float = 0.0
    profession_match: str = ANY
    timezone_match: str = ANY
    required_language: str | None = None
    languages: frozenset = frozenset()
    focus: frozenset = frozenset()
    preferred: frozenset = frozenset()  # mentor keys
    excluded: frozenset = frozenset()  # mentor keys never to pair with


@dataclass(frozen=True)
class MentorIn:
    key: int
    user_id: int
    capacity: int
    profession: str = ""
    utc_offset: float = 0.0
    languages: frozenset = frozenset()
    areas: frozenset = frozenset()


@dataclass(frozen=True)
class Match:
    trainee_key: int
    mentor_key: int
    score: int
    parts: list = field(default_factory=list)  # [(part, points, detail)]


@dataclass
class Result:
    matches: list[Match]
    unmatched: list[int]  # trainee keys

    @property
    def total_score(self) -> int:
        return sum(m.score for m in self.matches)


def _incidence(rows: Sequence[frozenset], index: dict) -> np.ndarray:
    out = np.zeros((len(rows), max(1, len(index))), dtype=np.int32)
    for i, items in enumerate(rows):
        for item in items:
            j = index.get(item)
            if j is not None:
                out[i, j] = 1
    return out


def _tz_apart(trainees, mentors) -> np.ndarray:
    t = np.array([x.utc_offset for x in trainees], dtype=float)[:, None]
    m = np.array([x.utc_offset for x in mentors], dtype=float)[None, :]
    diff = np.abs(t - m) % 24
    return np.minimum(diff, 24 - diff)


def score_matrices(trainees: Sequence[TraineeIn], mentors: Sequence[MentorIn]):
    """Return (feasible, parts): a boolean n×m matrix and, per part, an integer
    n×m matrix of points. The fit of a pair is the sum of its parts."""
    n, m = len(trainees), len(mentors)
    mentor_col = {mentor.key: j for j, mentor in enumerate(mentors)}

    languages = {
        code: i
        for i, code in enumerate(
            sorted(
                {c for x in mentors for c in x.languages}
                | {c for x in trainees for c in x.languages}
                | {x.required_language for x in trainees if x.required_language}
            )
        )
    }
    areas = {a: i for i, a in enumerate(sorted({a for x in mentors for a in x.areas}))}
    t_lang = _incidence([x.languages for x in trainees], languages)
    m_lang = _incidence([x.languages for x in mentors], languages)
    shared_language = (t_lang @ m_lang.T) > 0

    req = np.array(
        [
            languages[x.required_language] if x.required_language else -1
            for x in trainees
        ],
        dtype=int,
    )
    has_req = req >= 0
    speaks_required = np.ones((n, m), dtype=bool)
    if has_req.any():
        speaks_required[has_req] = m_lang[:, req[has_req]].T > 0

    professions = {
        p: i
        for i, p in enumerate(
            sorted({x.profession for x in trainees} | {x.profession for x in mentors})
        )
    }
    t_prof = np.array([professions[x.profession] for x in trainees], dtype=int)[:, None]
    m_prof = np.array([professions[x.profession] for x in mentors], dtype=int)[None, :]
    same_profession = (t_prof == m_prof) & (t_prof != professions.get("", -1))

    apart = _tz_apart(trainees, mentors)
    prof_mode = np.array([x.profession_match for x in trainees])[:, None]
    tz_mode = np.array([x.timezone_match for x in trainees])[:, None]

    t_areas = _incidence([x.focus for x in trainees], areas)
    m_areas = _incidence([x.areas for x in mentors], areas)
    overlap = np.minimum(t_areas @ m_areas.T, FOCUS_CAP)

    preferred = np.zeros((n, m), dtype=bool)
    excluded = np.zeros((n, m), dtype=bool)
    for i, trainee in enumerate(trainees):
        for key in trainee.preferred:
            if key in mentor_col:
                preferred[i, mentor_col[key]] = True
        for key in trainee.excluded:
            if key in mentor_col:
                excluded[i, mentor_col[key]] = True
    self_pair = (
        np.array([x.user_id for x in trainees])[:, None]
        == np.array([x.user_id for x in mentors])[None, :]
    )

    feasible = (
        speaks_required
        & ~self_pair
        & ~excluded
        & ~((prof_mode == REQUIRE) & ~same_profession)
        & ~((tz_mode == REQUIRE) & (apart > NEAR_HOURS))
    )
    language_points = np.where(has_req[:, None], speaks_required, shared_language)
    tz_points = np.clip(np.rint(POINTS["timezone"] - 2 * apart), 0, None).astype(
        np.int64
    )
    parts = {
        "preferred": preferred * POINTS["preferred"],
        "profession": (same_profession & (prof_mode != ANY)) * POINTS["profession"],
        "language": language_points * POINTS["language"],
        "timezone": np.where(tz_mode != ANY, tz_points, 0),
        "focus": overlap * POINTS["focus"],
    }
    return feasible, {k: np.asarray(v, dtype=np.int64) for k, v in parts.items()}


def solve(trainees: Sequence[TraineeIn], mentors: Sequence[MentorIn]) -> Result:
    """The assignment that pairs the most trainees, then has the highest total
    fit, with no mentor over capacity and no hard constraint broken."""
    trainees, mentors = list(trainees), [x for x in mentors if x.capacity > 0]
    if not trainees or not mentors:
        return Result(matches=[], unmatched=[x.key for x in trainees])
    feasible, parts = score_matrices(trainees, mentors)
    score = sum(parts.values())
    cost = np.where(feasible, -score, INFEASIBLE)
    capacities = np.array([x.capacity for x in mentors])
    slot_mentor = np.repeat(np.arange(len(mentors)), capacities)
    rows, slots = linear_sum_assignment(cost[:, slot_mentor])
    matches, paired = [], set()
    for i, slot in zip(rows.tolist(), slots.tolist(), strict=True):
        j = int(slot_mentor[slot])
        if not feasible[i, j]:
            continue
        paired.add(i)
        matches.append(
            Match(
                trainee_key=trainees[i].key,
                mentor_key=mentors[j].key,
                score=int(score[i, j]),
                parts=[
                    (name, int(matrix[i, j]))
                    for name, matrix in parts.items()
                    if matrix[i, j]
                ],
            )
        )
    unmatched = [t.key for i, t in enumerate(trainees) if i not in paired]
    return Result(matches=matches, unmatched=unmatched)
