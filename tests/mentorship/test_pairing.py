"""Pairing runs against the database: locks, re-runs, capacity across rounds,
re-matches, publishing and the staff pairing screen."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from kaptraining.mentorship.models import (
    MadeBy,
    Pair,
    PairStatus,
    RematchRequest,
    RematchStatus,
)
from kaptraining.mentorship.services import (
    MentorshipError,
    pair_assign,
    pair_set_locked,
    pairing_run,
    pairs_publish,
    rematch_handle,
    rematch_request,
)
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.mentorship import (
    FocusAreaFactory,
    LanguageFactory,
    MentorProfileFactory,
    PairFactory,
    PairingRoundFactory,
    TraineePreferenceFactory,
)

pytestmark = pytest.mark.django_db


def current_pairs(round_):
    return dict(
        Pair.objects.current()
        .filter(round=round_)
        .values_list("trainee_id", "mentor_id")
    )


def test_pairing_run_pairs_everyone_within_capacity_and_explains(pairing):
    veterans = FocusAreaFactory(name="Veterans", kind="population")
    favourite = pairing.mentors[1]
    favourite.populations.add(veterans)
    first = pairing.trainees[0]
    TraineePreferenceFactory(
        round=pairing.round,
        trainee=first,
        focus_areas=[veterans],
        preferred_mentors=[favourite],
    )

    result = pairing_run(round_=pairing.round)

    pairs = current_pairs(pairing.round)
    assert len(result.matches) == 4 and result.unmatched == []
    assert set(pairs) == {t.pk for t in pairing.trainees}
    assert sorted(list(pairs.values()).count(m.pk) for m in pairing.mentors) == [2, 2]
    chosen = Pair.objects.get(round=pairing.round, trainee=first)
    assert chosen.mentor == favourite
    labels = {p["part"]: p["label"] for p in chosen.score_parts}
    assert labels["preferred"] == "The trainee asked for this mentor"
    assert labels["focus"] == "Shared focus: Veterans"
    assert chosen.score == sum(p["points"] for p in chosen.score_parts)


def test_pairing_run_again_keeps_locked_and_supersedes_the_rest(pairing):
    pairing_run(round_=pairing.round)
    locked = Pair.objects.filter(round=pairing.round).first()
    pair_set_locked(pair=locked, locked=True)

    pairing_run(round_=pairing.round)

    locked.refresh_from_db()
    assert (locked.status, locked.locked) == (PairStatus.PROPOSED, True)
    assert current_pairs(pairing.round)[locked.trainee_id] == locked.mentor_id
    assert (
        Pair.objects.filter(round=pairing.round, status=PairStatus.SUPERSEDED).count()
        == 3
    )
    assert Pair.objects.current().filter(round=pairing.round).count() == 4


def test_pairing_run_counts_pairs_of_other_rounds_against_capacity(pairing):
    other_round = PairingRoundFactory(cohort=pairing.cohort)
    for mentor in pairing.mentors:
        PairFactory(
            round=other_round, mentor=mentor
        )  # one of two places taken elsewhere

    result = pairing_run(round_=pairing.round)

    assert len(result.matches) == 2 and len(result.unmatched) == 2
    for mentor in pairing.mentors:
        assert Pair.objects.current().filter(mentor=mentor).count() == 2


def test_pairing_run_required_language_is_never_broken(pairing):
    LanguageFactory(code="es")
    for trainee in pairing.trainees:
        TraineePreferenceFactory(
            round=pairing.round,
            trainee=trainee,
            required_language=LanguageFactory(code="es"),
        )
    spanish = MentorProfileFactory(capacity=1, languages=["en", "es"])

    result = pairing_run(round_=pairing.round)

    assert len(result.matches) == 1
    assert list(current_pairs(pairing.round).values()) == [spanish.pk]


def test_pairing_run_mentor_who_is_a_trainee_is_not_paired_with_themselves(pairing):
    dual = pairing.trainees[0]
    dual.is_mentor = True
    dual.save()
    MentorProfileFactory(user=dual, capacity=4)
    for mentor in pairing.mentors:
        mentor.is_active = False
        mentor.save()

    pairing_run(round_=pairing.round)

    pairs = current_pairs(pairing.round)
    assert dual.pk not in pairs
    assert len(pairs) == 3


def test_rematch_granted_ends_pair_and_next_run_avoids_old_mentor(
    pairing, mailoutbox, django_capture_on_commit_callbacks
):
    pairing_run(round_=pairing.round)
    with django_capture_on_commit_callbacks(execute=True):
        pairs_publish(round_=pairing.round)
    pair = Pair.objects.filter(round=pairing.round).first()
    old_mentor = pair.mentor_id
    MentorProfileFactory(capacity=1)  # room for the re-match
    with django_capture_on_commit_callbacks(execute=True):
        request = rematch_request(
            pair=pair, user=pair.trainee, reason="Our schedules never line up."
        )
    staff = UserFactory(is_staff=True)

    rematch_handle(
        request=request,
        by=staff,
        grant=True,
        note="We will find someone in your evenings.",
    )
    pairing_run(round_=pairing.round)

    pair.refresh_from_db()
    request.refresh_from_db()
    assert (
        pair.status == PairStatus.ENDED
        and pair.end_reason == "Re-match: Our schedules never line up."
    )
    assert request.status == RematchStatus.GRANTED and request.handled_by == staff
    new_mentor = current_pairs(pairing.round)[pair.trainee_id]
    assert new_mentor != old_mentor
    assert "Mentorship re-match requested" in [m.subject for m in mailoutbox]


def test_rematch_request_without_reason_or_by_outsider_is_refused(pairing):
    pair = PairFactory(
        round=pairing.round, trainee=pairing.trainees[0], mentor=pairing.mentors[0]
    )

    with pytest.raises(MentorshipError, match="give a reason"):
        rematch_request(pair=pair, user=pair.trainee, reason="  ")
    with pytest.raises(MentorshipError, match="Only the trainee or the mentor"):
        rematch_request(
            pair=pair, user=pairing.trainees[1], reason="I want this mentor."
        )
    assert not RematchRequest.objects.exists()


def test_pairs_publish_activates_and_notifies_both_sides(
    pairing, mailoutbox, django_capture_on_commit_callbacks
):
    pairing_run(round_=pairing.round)

    with django_capture_on_commit_callbacks(execute=True):
        count = pairs_publish(round_=pairing.round)

    assert count == 4
    assert (
        Pair.objects.filter(round=pairing.round, status=PairStatus.ACTIVE).count() == 4
    )
    recipients = sorted(m.to[0] for m in mailoutbox)
    expected = sorted(
        [t.email for t in pairing.trainees]
        + [m.user.email for m in pairing.mentors] * 2
    )
    assert recipients == expected
    assert all("You have been paired" in m.body for m in mailoutbox)


def test_pair_assign_by_staff_is_locked_and_respects_hard_rules(pairing):
    trainee = pairing.trainees[0]
    TraineePreferenceFactory(
        round=pairing.round, trainee=trainee, profession_match="require"
    )
    counsellor = MentorProfileFactory(profession="counsellor", capacity=1)

    with pytest.raises(
        MentorshipError, match="breaks one of the trainee's requirements"
    ):
        pair_assign(round_=pairing.round, trainee=trainee, mentor=counsellor)
    pair = pair_assign(round_=pairing.round, trainee=trainee, mentor=pairing.mentors[0])

    assert (pair.locked, pair.made_by, pair.status) == (
        True,
        MadeBy.STAFF,
        PairStatus.PROPOSED,
    )
    assert [p["part"] for p in pair.score_parts] == ["profession"]


def test_pair_assign_full_mentor_is_refused(pairing):
    full = MentorProfileFactory(capacity=1)
    PairFactory(mentor=full, round=pairing.round, trainee=pairing.trainees[1])

    with pytest.raises(MentorshipError, match="no capacity left"):
        pair_assign(round_=pairing.round, trainee=pairing.trainees[0], mentor=full)
    assert Pair.objects.filter(mentor=full).count() == 1


def test_pairing_screen_staff_run_lock_publish(client, pairing, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("mentorship_pairing", args=[pairing.round.pk])

    run = client.post(url, {"action": "run"})
    page = client.get(url).content.decode()
    pair = Pair.objects.filter(round=pairing.round).first()
    lock = client.post(url, {"action": "lock", "pair": pair.pk})
    bad = client.post(url, {"action": "explode"})
    publish = client.post(url, {"action": "publish"})

    assert run.status_code == lock.status_code == publish.status_code == 302
    assert "Why (score parts)" in page
    assert all(escape(t.display_name) in page for t in pairing.trainees)
    assert bad.status_code == 409
    pair.refresh_from_db()
    assert pair.locked and pair.status == PairStatus.ACTIVE


def test_pairing_screen_non_staff_is_refused(client, pairing):
    client.force_login(pairing.trainees[0])

    response = client.post(
        reverse("mentorship_pairing", args=[pairing.round.pk]), {"action": "run"}
    )

    assert response.status_code in (302, 403)
    assert not Pair.objects.exists()


def test_preferences_form_saves_and_bad_input_is_refused(client, pairing):
    trainee = pairing.trainees[0]
    client.force_login(trainee)
    url = reverse("mentorship:preferences", args=[pairing.round.pk])
    too_many = [MentorProfileFactory().pk for _ in range(4)]

    bad = client.post(
        url,
        {
            "profession_match": "prefer",
            "timezone_match": "any",
            "preferred_mentors": too_many,
        },
    )
    good = client.post(
        url,
        {
            "profession_match": "require",
            "timezone_match": "prefer",
            "preferred_mentors": [pairing.mentors[0].pk],
        },
    )

    assert bad.status_code == 400
    assert "Choose at most three mentors." in bad.content.decode()
    assert good.status_code == 302
    preference = trainee.mentor_preferences.get()
    assert (preference.profession_match, list(preference.preferred_mentors.all())) == (
        "require",
        [pairing.mentors[0]],
    )


def test_preferences_other_cohort_round_is_404(client, pairing):
    outsider = EnrolmentFactory(cohort=CohortFactory(program=pairing.program)).trainee

    client.force_login(outsider)

    assert (
        client.get(
            reverse("mentorship:preferences", args=[pairing.round.pk])
        ).status_code
        == 404
    )


def test_pairing_screen_staff_grant_rematch_ends_pair(client, pairing, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    pair = PairFactory(
        round=pairing.round, trainee=pairing.trainees[0], mentor=pairing.mentors[0]
    )
    request = rematch_request(
        pair=pair, user=pair.mentor.user, reason="We clash on approach."
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("mentorship_pairing", args=[pairing.round.pk])

    page = client.get(url).content.decode()
    response = client.post(
        url, {"action": "grant", "rematch": request.pk, "note": "Done."}
    )

    assert "We clash on approach." in page
    assert response.status_code == 302
    pair.refresh_from_db()
    request.refresh_from_db()
    assert (pair.status, request.status, request.staff_note) == (
        PairStatus.ENDED,
        RematchStatus.GRANTED,
        "Done.",
    )
