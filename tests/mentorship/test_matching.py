"""The pairing algorithm (pure): optimality against brute force, capacity,
hard constraints, and the score's parts."""

import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from kaptraining.mentorship.matching import (
    ANY,
    PREFER,
    REQUIRE,
    MentorIn,
    TraineeIn,
    score_matrices,
    solve,
)

PROFESSIONS = ["psychologist", "counsellor", "mft"]
LANGUAGES = ["en", "es", "vi"]
AREAS = [1, 2, 3, 4]
OFFSETS = [-8, -5, 0, 1]


def random_case(rng, n_trainees, n_mentors, max_capacity=2):
    mentors = [
        MentorIn(
            key=100 + j,
            user_id=100 + j,
            capacity=rng.randint(0, max_capacity),
            profession=rng.choice(PROFESSIONS),
            utc_offset=rng.choice(OFFSETS),
            languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 2))),
            areas=frozenset(rng.sample(AREAS, 2)),
        )
        for j in range(n_mentors)
    ]
    trainees = [
        TraineeIn(
            key=i,
            # now and then a trainee is also a mentor: self-pairing is forbidden
            user_id=rng.choice(mentors).user_id
            if mentors and rng.random() < 0.15
            else i,
            profession=rng.choice(PROFESSIONS),
            utc_offset=rng.choice(OFFSETS),
            profession_match=rng.choice([ANY, PREFER, REQUIRE]),
            timezone_match=rng.choice([ANY, PREFER, REQUIRE]),
            required_language=rng.choice([None, None, "en", "es"]),
            languages=frozenset(rng.sample(LANGUAGES, rng.randint(0, 2))),
            focus=frozenset(rng.sample(AREAS, rng.randint(0, 3))),
            preferred=frozenset(
                m.key for m in rng.sample(mentors, min(len(mentors), rng.randint(0, 2)))
            ),
            excluded=frozenset(
                m.key for m in rng.sample(mentors, min(len(mentors), rng.randint(0, 1)))
            ),
        )
        for i in range(n_trainees)
    ]
    return trainees, mentors


def brute_force_best(trainees, mentors):
    """The best (pairs, total fit) over every assignment of each trainee to a
    mentor or to nobody that respects capacity and hard constraints."""
    feasible, parts = score_matrices(trainees, mentors)
    score = sum(parts.values())
    best = (0, 0)
    options = [None, *range(len(mentors))]
    for choice in itertools.product(options, repeat=len(trainees)):
        load = Counter(j for j in choice if j is not None)
        if any(load[j] > mentors[j].capacity for j in load):
            continue
        if any(j is not None and not feasible[i, j] for i, j in enumerate(choice)):
            continue
        value = (
            len([j for j in choice if j is not None]),
            sum(int(score[i, j]) for i, j in enumerate(choice) if j is not None),
        )
        best = max(best, value)
    return best


def check_valid(trainees, mentors, result):
    feasible, _parts = score_matrices(trainees, mentors)
    t_index = {t.key: i for i, t in enumerate(trainees)}
    m_index = {m.key: j for j, m in enumerate(mentors)}
    load = Counter(m.mentor_key for m in result.matches)
    for mentor in mentors:
        assert load[mentor.key] <= mentor.capacity
    keys = [m.trainee_key for m in result.matches]
    assert len(keys) == len(set(keys))
    assert set(keys) | set(result.unmatched) == {t.key for t in trainees}
    for match in result.matches:
        trainee, mentor = (
            trainees[t_index[match.trainee_key]],
            mentors[m_index[match.mentor_key]],
        )
        assert feasible[t_index[match.trainee_key], m_index[match.mentor_key]]
        assert trainee.user_id != mentor.user_id
        assert mentor.key not in trainee.excluded
        if trainee.required_language:
            assert trainee.required_language in mentor.languages
        if trainee.profession_match == REQUIRE:
            assert trainee.profession == mentor.profession
        if trainee.timezone_match == REQUIRE:
            apart = abs(trainee.utc_offset - mentor.utc_offset) % 24
            assert min(apart, 24 - apart) <= 3
        assert match.score == sum(points for _part, points in match.parts)


def test_solve_small_cases_match_brute_force_optimum():
    rng = random.Random(20261122)
    for _ in range(60):
        trainees, mentors = random_case(rng, rng.randint(1, 5), rng.randint(1, 3))

        result = solve(trainees, mentors)

        check_valid(trainees, mentors, result)
        assert (len(result.matches), result.total_score) == brute_force_best(
            trainees, mentors
        )


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n_trainees=st.integers(0, 30),
    n_mentors=st.integers(0, 8),
)
def test_solve_never_breaks_capacity_or_hard_constraints(seed, n_trainees, n_mentors):
    trainees, mentors = random_case(
        random.Random(seed), n_trainees, n_mentors, max_capacity=4
    )

    result = solve(trainees, mentors)

    check_valid(trainees, mentors, result)


def test_solve_pairs_everyone_when_capacity_allows_and_hard_rules_permit():
    mentors = [
        MentorIn(key=1, user_id=1, capacity=2, languages=frozenset({"en"})),
        MentorIn(key=2, user_id=2, capacity=1, languages=frozenset({"es"})),
    ]
    trainees = [
        TraineeIn(key=10, user_id=10, required_language="es"),
        TraineeIn(key=11, user_id=11),
        TraineeIn(key=12, user_id=12),
    ]

    result = solve(trainees, mentors)

    assert {(m.trainee_key, m.mentor_key) for m in result.matches} == {
        (10, 2),
        (11, 1),
        (12, 1),
    }
    assert result.unmatched == []


def test_solve_required_language_nobody_speaks_leaves_trainee_unpaired():
    mentors = [MentorIn(key=1, user_id=1, capacity=5, languages=frozenset({"en"}))]
    trainees = [
        TraineeIn(key=10, user_id=10, required_language="vi"),
        TraineeIn(key=11, user_id=11),
    ]

    result = solve(trainees, mentors)

    assert [(m.trainee_key, m.mentor_key) for m in result.matches] == [(11, 1)]
    assert result.unmatched == [10]


def test_solve_mentor_is_never_paired_with_themselves():
    mentors = [MentorIn(key=1, user_id=50, capacity=3)]

    result = solve([TraineeIn(key=50, user_id=50)], mentors)

    assert result.matches == [] and result.unmatched == [50]


def test_solve_score_parts_explain_the_choice():
    mentors = [
        MentorIn(
            key=1,
            user_id=1,
            capacity=1,
            profession="mft",
            utc_offset=-8,
            languages=frozenset({"en", "es"}),
            areas=frozenset({7, 8}),
        ),
        MentorIn(
            key=2,
            user_id=2,
            capacity=1,
            profession="psychologist",
            utc_offset=0,
            languages=frozenset({"en"}),
            areas=frozenset(),
        ),
    ]
    trainee = TraineeIn(
        key=10,
        user_id=10,
        profession="mft",
        utc_offset=-7,
        profession_match=PREFER,
        timezone_match=PREFER,
        languages=frozenset({"es"}),
        focus=frozenset({7, 8, 9}),
        preferred=frozenset({1}),
    )

    [match] = solve([trainee], mentors).matches

    assert match.mentor_key == 1
    assert dict(match.parts) == {
        "preferred": 30,
        "profession": 15,
        "language": 10,
        "timezone": 8,
        "focus": 16,
    }
    assert match.score == 79
