"""Mentorship: mentor profiles, the running cohort's pairing round (Casey asks
for Malik; the optimal pairing places everyone else), and monthly meetings
logged by the trainee and confirmed by the mentor. A confirmed meeting
credits mentorship hours; one awaiting confirmation credits nothing yet."""

import datetime
import zoneinfo

from kaptraining.mentorship.forms import PreferenceForm
from kaptraining.mentorship.models import (
    FocusArea,
    Language,
    MentorProfile,
    Pair,
    PairingRound,
    PairStatus,
)
from kaptraining.mentorship.services import (
    meeting_confirm,
    meeting_log,
    meeting_plan,
    pair_assign,
    pairing_run,
    pairs_publish,
    preference_save,
)

from .base import Demo, StoryError, Timeline, local

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("vi", "Vietnamese"),
    ("zh", "Chinese"),
    ("ko", "Korean"),
]
SPECIALITIES = [
    "Treatment-resistant depression",
    "PTSD and trauma",
    "End-of-life distress",
    "Chronic pain",
    "Group KAP",
    "Telehealth KAP",
]
POPULATIONS = [
    "Veterans",
    "LGBTQ+ clients",
    "BIPOC communities",
    "Adolescents and young adults",
    "Healthcare workers",
]
# key: (languages, specialities, populations, time zone, availability)
MENTORS = {
    "mentor": (
        ["en"],
        ["PTSD and trauma", "Group KAP"],
        ["Veterans"],
        "America/New_York",
        "Tuesday and Thursday evenings",
    ),
    "mentor2": (
        ["en", "ko"],
        ["End-of-life distress", "Telehealth KAP"],
        ["BIPOC communities", "LGBTQ+ clients"],
        "America/Los_Angeles",
        "Monday mornings, Friday afternoons",
    ),
    "mentor3": (
        ["en", "es"],
        ["Treatment-resistant depression", "Chronic pain"],
        ["Healthcare workers"],
        "America/Denver",
        "Wednesdays, any time",
    ),
}
TOPICS = [
    "Getting to know each other; goals for the year; reading list on "
    "trauma-informed KAP.",
    "Preparing for the retreat; what to notice as an observer.",
    "Debrief of an observed dosing session: pacing and silence.",
    "Consent conversations: practising the touch agreement.",
    "Integration: helping a client choose one practice for the week.",
    "Working with a prescriber; scope of practice in my state.",
    "Looking ahead to practice after certification.",
]


def load_mentors(demo: Demo) -> None:
    languages = {
        code: Language.objects.create(code=code, name=name) for code, name in LANGUAGES
    }
    areas = {
        name: FocusArea.objects.create(name=name, kind="speciality")
        for name in SPECIALITIES
    } | {
        name: FocusArea.objects.create(name=name, kind="population")
        for name in POPULATIONS
    }
    for key, (langs, specialities, populations, tz, availability) in MENTORS.items():
        user = demo.account(key)
        profile = MentorProfile.objects.create(
            user=user,
            profession=user.profession,
            licence_type=user.licence_type,
            licence_state=user.licence_state,
            timezone=tz,
            availability=availability,
            capacity=4,
        )
        profile.languages.add(*(languages[c] for c in langs))
        profile.specialities.add(*(areas[a] for a in specialities))
        profile.populations.add(*(areas[a] for a in populations))


def pairing(timeline: Timeline, *, cohort, learners, requester, preferred) -> None:
    """Staff open a round in week 1; `requester` asks for `preferred` in week
    2; in week 3 staff pair them by hand, run the optimal pairing for the
    others and publish the pairs."""
    holder = {}

    def open_round():
        holder["round"] = PairingRound.objects.create(
            cohort=cohort,
            name="Mentor pairing",
            preferences_due=cohort.start_date + datetime.timedelta(weeks=2),
        )

    def prefer():
        form = PreferenceForm(
            data={
                "profession_match": "any",
                "timezone_match": "prefer",
                "languages": [Language.objects.get(code="en").pk],
                "focus_areas": list(
                    FocusArea.objects.filter(
                        name__in=["PTSD and trauma", "Veterans"]
                    ).values_list("pk", flat=True)
                ),
                "preferred_mentors": [MentorProfile.objects.get(user=preferred).pk],
                "notes": "I work with veterans and would value a mentor who does too.",
            }
        )
        if not form.is_valid():
            raise StoryError(form.errors.as_text())
        preference_save(round_=holder["round"], trainee=requester.user, form=form)

    def pair():
        round_ = holder["round"]
        pair_assign(
            round_=round_,
            trainee=requester.user,
            mentor=MentorProfile.objects.get(user=preferred),
        )
        pairing_run(round_=round_)
        pairs_publish(round_=round_)

    tz = cohort.timezone
    start = cohort.start_date
    timeline.add(local(start + datetime.timedelta(days=2), 10, tz=tz), open_round)
    timeline.add(local(start + datetime.timedelta(days=9), 20, tz=requester.tz), prefer)
    timeline.add(local(start + datetime.timedelta(days=16), 11, tz=tz), pair)


def meetings(timeline: Timeline, learner, *, cohort, now, rng, last_awaiting=False):
    """A meeting every four weeks from week 5: the trainee logs it that
    evening and the mentor confirms within a few days (the mentor, never the
    trainee, approves the hours). With `last_awaiting`, the most recent one
    still awaits the mentor."""
    holder = {}
    days = [
        cohort.start_date + datetime.timedelta(weeks=w, days=rng.randint(0, 3))
        for w in range(5, 52, 4)
    ]
    days = [d for d in days if local(d, 21, tz=learner.tz) <= now]
    for n, day in enumerate(days):
        awaiting = last_awaiting and n == len(days) - 1
        if rng.random() > learner.pace and not awaiting:
            continue  # a month they did not meet
        topics = TOPICS[n % len(TOPICS)]

        def log(day=day, topics=topics):
            pair = Pair.objects.get(
                trainee=learner.user, round__cohort=cohort, status=PairStatus.ACTIVE
            )
            holder[day] = meeting_log(
                pair=pair,
                user=learner.user,
                data={
                    "met_on": day,
                    "minutes": 60,
                    "format": "video",
                    "topics": topics,
                },
            )

        timeline.add(local(day, 21, tz=learner.tz), log)
        if not awaiting:
            confirmed = local(
                day + datetime.timedelta(days=rng.randint(1, 3)), 8, tz=learner.tz
            )
            timeline.add(
                confirmed,
                lambda day=day: meeting_confirm(
                    meeting=holder[day], user=holder[day].pair.mentor.user
                ),
            )
    if last_awaiting:
        _plan_next(timeline, learner, cohort=cohort, now=now)


def _plan_next(timeline: Timeline, learner, *, cohort, now) -> None:
    """Yesterday the trainee proposed the next meeting, in six days' time, so
    the mentor's home shows it (a planned meeting is not a logged one)."""
    today = now.astimezone(zoneinfo.ZoneInfo(learner.tz)).date()

    def plan():
        pair = Pair.objects.get(
            trainee=learner.user, round__cohort=cohort, status=PairStatus.ACTIVE
        )
        meeting_plan(
            pair=pair,
            user=learner.user,
            starts_at=local(today + datetime.timedelta(days=6), 18, tz=learner.tz),
            format="video",
            note="Same video link as last time.",
        )

    timeline.add(now - datetime.timedelta(days=1), plan)
