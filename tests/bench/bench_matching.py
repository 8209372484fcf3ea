"""Benchmark: optimal mentor pairing for 1,000 trainees × 200 mentors.

Run: .venv/bin/python -m tests.bench.bench_matching
Prints the time to build the score matrices and solve the assignment (the
pure part of `pairing_run`; the database reads and writes are not timed)."""

import random
import statistics
import time

from kaptraining.mentorship.matching import (
    ANY,
    PREFER,
    REQUIRE,
    MentorIn,
    TraineeIn,
    solve,
)

PROFESSIONS = [
    "psychologist",
    "psychiatrist",
    "counsellor",
    "social_worker",
    "mft",
    "nurse_practitioner",
]
LANGUAGES = ["en", "es", "vi", "zh", "ko", "tl", "fr", "ar"]
AREAS = [f"area-{i}" for i in range(30)]
OFFSETS = [-10, -9, -8, -7, -6, -5, -4, 0, 1]


def make_case(n_trainees=1000, n_mentors=200, seed=7):
    rng = random.Random(seed)
    mentors = [
        MentorIn(
            key=10_000 + j,
            user_id=10_000 + j,
            capacity=rng.randint(3, 8),
            profession=rng.choice(PROFESSIONS),
            utc_offset=rng.choice(OFFSETS),
            languages=frozenset({"en", *rng.sample(LANGUAGES, 2)}),
            areas=frozenset(rng.sample(AREAS, 6)),
        )
        for j in range(n_mentors)
    ]
    trainees = []
    for i in range(n_trainees):
        wants = rng.sample(LANGUAGES, 2)
        trainees.append(
            TraineeIn(
                key=i,
                user_id=i,
                profession=rng.choice(PROFESSIONS),
                utc_offset=rng.choice(OFFSETS),
                profession_match=rng.choice([ANY, PREFER, PREFER, REQUIRE]),
                timezone_match=rng.choice([ANY, PREFER, REQUIRE]),
                required_language="es" if rng.random() < 0.1 else None,
                languages=frozenset(wants),
                focus=frozenset(rng.sample(AREAS, 3)),
                preferred=frozenset(
                    m.key for m in rng.sample(mentors, rng.randint(0, 3))
                ),
            )
        )
    return trainees, mentors


def main() -> None:
    trainees, mentors = make_case()
    slots = sum(m.capacity for m in mentors)
    solve(trainees[:50], mentors[:10])  # warm up imports and caches
    times = []
    for _ in range(5):
        start = time.perf_counter()
        result = solve(trainees, mentors)
        times.append(time.perf_counter() - start)
    print(  # noqa: T201
        f"pairing {len(trainees)} trainees x {len(mentors)} "
        f"mentors ({slots} capacity slots)"
    )
    print(  # noqa: T201
        f"  median {statistics.median(times) * 1000:.0f} ms, "
        f"best {min(times) * 1000:.0f} ms, "
        f"worst {max(times) * 1000:.0f} ms over {len(times)} runs"
    )
    print(  # noqa: T201
        f"  paired {len(result.matches)}, unpaired "
        f"{len(result.unmatched)}, total fit {result.total_score}"
    )


if __name__ == "__main__":
    main()
