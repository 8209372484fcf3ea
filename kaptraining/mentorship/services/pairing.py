"""Mentor preferences, pairing runs (optimal matching), manual pairs and publishing."""

from collections import Counter

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Enrolment
from kaptraining.accounts.models import Profession
from kaptraining.core.mail import mail_send
from kaptraining.core.models import organisation_settings
from kaptraining.credits.services import audit_log_bulk
from kaptraining.notifications.services import notification_create

from .. import matching
from ..models import (
    FocusArea,
    Language,
    MadeBy,
    MentorProfile,
    Pair,
    PairingRound,
    PairStatus,
    TraineePreference,
)
from .common import (
    STUDYING,
    MentorshipError,
    _is_trainee_of,
    _pair_url,
    _utc_offset,
)

# --- preferences ---------------------------------------------------------------


@transaction.atomic
def preference_save(*, round_: PairingRound, trainee, form) -> TraineePreference:
    """Store a trainee's wishes for an open round (one row per trainee)."""
    if not round_.is_open:
        raise MentorshipError(
            _("This pairing round is closed; preferences can no longer be changed.")
        )
    if not _is_trainee_of(round_, trainee):
        raise MentorshipError(_("Only trainees of this cohort can state preferences."))
    preference = form.save(commit=False)
    preference.round = round_
    preference.trainee = trainee
    preference.save()
    form.save_m2m()
    return preference


# --- who may pair ----------------------------------------------------------------


def may_pair(user, round_: PairingRound) -> bool:
    """May `user` run, adjust and publish the pairing of this round? Staff
    always; a trainer of the round's cohort while the organisation lets
    trainers decide in their own cohorts (OrganisationSettings.trainers_decide).
    The staff screen and the trainer's page both ask this."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return (
        bool(user.is_trainer)
        and organisation_settings().trainers_decide
        and round_.cohort.trainers.filter(pk=user.pk).exists()
    )


# --- pairing -------------------------------------------------------------------


def _mentor_inputs(*, round_: PairingRound, fixed_counts: Counter) -> tuple[list, dict]:
    """Available mentors with capacity left after every current pair elsewhere."""
    mentors = (
        MentorProfile.objects.available()
        .select_related("user")
        .prefetch_related("languages", "specialities", "populations")
        .annotate(
            current_elsewhere=Count(
                "pairs",
                filter=Q(pairs__status__in=PairStatus.CURRENT)
                & ~Q(pairs__round=round_),
            )
        )
    )
    inputs, by_key = [], {}
    for mentor in mentors:
        left = (
            mentor.capacity - mentor.current_elsewhere - fixed_counts.get(mentor.pk, 0)
        )
        by_key[mentor.pk] = mentor
        inputs.append(
            matching.MentorIn(
                key=mentor.pk,
                user_id=mentor.user_id,
                capacity=max(0, left),
                profession=mentor.profession,
                utc_offset=_utc_offset(mentor.timezone),
                languages=frozenset(lang.code for lang in mentor.languages.all()),
                areas=frozenset(
                    a.pk
                    for a in [*mentor.specialities.all(), *mentor.populations.all()]
                ),
            )
        )
    return inputs, by_key


def _trainee_input(
    user, preference: TraineePreference | None, excluded=frozenset()
) -> matching.TraineeIn:
    if preference is None:
        return matching.TraineeIn(
            key=user.pk,
            user_id=user.pk,
            profession=user.profession,
            utc_offset=_utc_offset(user.timezone),
            excluded=frozenset(excluded),
        )
    return matching.TraineeIn(
        key=user.pk,
        user_id=user.pk,
        profession=user.profession,
        utc_offset=_utc_offset(user.timezone),
        profession_match=preference.profession_match,
        timezone_match=preference.timezone_match,
        required_language=preference.required_language.code
        if preference.required_language
        else None,
        languages=frozenset(lang.code for lang in preference.languages.all()),
        focus=frozenset(a.pk for a in preference.focus_areas.all()),
        preferred=frozenset(m.pk for m in preference.preferred_mentors.all()),
        excluded=frozenset(excluded),
    )


PART_LABELS = {
    "preferred": lambda t, m, ctx: _("The trainee asked for this mentor"),
    "profession": lambda t, m, ctx: _("Same profession (%(p)s)")
    % {"p": ctx["profession"]},
    "language": lambda t, m, ctx: _("Shared language: %(l)s") % {"l": ctx["languages"]},
    "timezone": lambda t, m, ctx: (
        _("Time zones %(h)s hours apart") % {"h": ctx["apart"]}
        if ctx["apart"] != "0"
        else _("Same time zone")
    ),
    "focus": lambda t, m, ctx: _("Shared focus: %(a)s") % {"a": ctx["areas"]},
}


def _explain(
    match: matching.Match,
    trainee: matching.TraineeIn,
    mentor: matching.MentorIn,
    *,
    names: dict,
    profession_label: str,
) -> list[dict]:
    wanted = (
        {trainee.required_language} if trainee.required_language else trainee.languages
    )
    apart = abs(trainee.utc_offset - mentor.utc_offset) % 24
    ctx = {
        "profession": profession_label,
        "languages": ", ".join(
            sorted(names["languages"].get(c, c) for c in wanted & mentor.languages)
        ),
        "apart": f"{min(apart, 24 - apart):g}",
        "areas": ", ".join(
            sorted(names["areas"].get(a, str(a)) for a in trainee.focus & mentor.areas)
        ),
    }
    return [
        {
            "part": part,
            "points": points,
            "label": str(PART_LABELS[part](trainee, mentor, ctx)),
        }
        for part, points in match.parts
    ]


def _names():
    return {
        "languages": dict(Language.objects.values_list("code", "name")),
        "areas": dict(FocusArea.objects.values_list("pk", "name")),
    }


@transaction.atomic
def pairing_run(*, round_: PairingRound) -> matching.Result:
    """Pair every trainee of the cohort without a locked or active pair.
    Proposed, unlocked pairs from an earlier run are superseded (kept, not deleted)."""
    round_ = PairingRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise MentorshipError(_("This pairing round is closed."))
    # Lock every mentor row so that concurrent runs in other rounds cannot
    # both take a mentor's last place.
    list(MentorProfile.objects.select_for_update().values_list("pk", flat=True))
    superseded = list(
        Pair.objects.filter(round=round_, status=PairStatus.PROPOSED, locked=False)
    )
    Pair.objects.filter(pk__in=[p.pk for p in superseded]).update(
        status=PairStatus.SUPERSEDED
    )
    audit_log_bulk(
        superseded, changes={"status": [PairStatus.PROPOSED, PairStatus.SUPERSEDED]}
    )
    fixed = list(
        Pair.objects.current()
        .filter(round=round_)
        .values_list("trainee_id", "mentor_id")
    )
    fixed_trainees = {t for t, _m in fixed}
    fixed_counts = Counter(m for _t, m in fixed)
    ended: dict[int, set[int]] = {}
    for trainee_id, mentor_id in Pair.objects.filter(
        round=round_, status=PairStatus.ENDED
    ).values_list("trainee_id", "mentor_id"):
        ended.setdefault(trainee_id, set()).add(mentor_id)

    enrolments = (
        Enrolment.objects.filter(cohort_id=round_.cohort_id, status__in=STUDYING)
        .exclude(trainee_id__in=fixed_trainees)
        .select_related("trainee")
    )
    preferences = {
        p.trainee_id: p
        for p in TraineePreference.objects.filter(round=round_)
        .select_related("required_language")
        .prefetch_related("languages", "focus_areas", "preferred_mentors")
    }
    trainees = {
        e.trainee_id: _trainee_input(
            e.trainee, preferences.get(e.trainee_id), ended.get(e.trainee_id, ())
        )
        for e in enrolments
    }
    mentor_inputs, _mentors = _mentor_inputs(round_=round_, fixed_counts=fixed_counts)
    result = matching.solve(list(trainees.values()), mentor_inputs)

    names = _names()
    mentor_in = {m.key: m for m in mentor_inputs}
    professions = dict(Profession.choices)
    created = Pair.objects.bulk_create(
        [
            Pair(
                round=round_,
                trainee_id=match.trainee_key,
                mentor_id=match.mentor_key,
                made_by=MadeBy.ALGORITHM,
                score=match.score,
                score_parts=_explain(
                    match,
                    trainees[match.trainee_key],
                    mentor_in[match.mentor_key],
                    names=names,
                    profession_label=str(
                        professions.get(mentor_in[match.mentor_key].profession, "")
                    ),
                ),
            )
            for match in result.matches
        ]
    )
    audit_log_bulk(created)
    return result


@transaction.atomic
def pair_assign(
    *,
    round_: PairingRound,
    trainee,
    mentor: MentorProfile,
    made_by: str = MadeBy.STAFF,
) -> Pair:
    """Staff (or the cohort's trainer) choose a mentor by hand. Hard
    constraints and capacity still hold; the pair is locked so that re-runs
    keep it."""
    round_ = PairingRound.objects.select_for_update().get(pk=round_.pk)
    mentor = (
        MentorProfile.objects.select_for_update()
        .select_related("user")
        .get(pk=mentor.pk)
    )
    if not _is_trainee_of(round_, trainee):
        raise MentorshipError(_("This person is not a trainee of the round's cohort."))
    current = Pair.objects.current().filter(round=round_, trainee=trainee).first()
    if current is not None and current.status == PairStatus.ACTIVE:
        raise MentorshipError(
            _(
                "This trainee already has an active mentor; "
                "handle a re-match request first."
            )
        )
    taken = (
        Pair.objects.current()
        .filter(mentor=mentor)
        .exclude(pk=getattr(current, "pk", None))
        .count()
    )
    if not mentor.is_active or taken >= mentor.capacity:
        raise MentorshipError(_("This mentor has no capacity left."))
    preference = (
        TraineePreference.objects.filter(round=round_, trainee=trainee)
        .select_related("required_language")
        .prefetch_related("languages", "focus_areas", "preferred_mentors")
        .first()
    )
    ended = set(
        Pair.objects.filter(
            round=round_, trainee=trainee, status=PairStatus.ENDED
        ).values_list("mentor_id", flat=True)
    )
    t_in = _trainee_input(trainee, preference, ended)
    m_in, _m = _mentor_inputs(round_=round_, fixed_counts=Counter())
    m_in = [m for m in m_in if m.key == mentor.pk]
    if not m_in:
        raise MentorshipError(_("This mentor is not taking mentees."))
    m_one = matching.MentorIn(**{**m_in[0].__dict__, "capacity": 1})
    feasible, parts = matching.score_matrices([t_in], [m_one])
    if not feasible[0, 0]:
        raise MentorshipError(
            _(
                "This pairing breaks one of the trainee's requirements "
                "(language, profession, time zone) "
                "or the mentor is the trainee or was re-matched away."
            )
        )
    if current is not None:
        current.status = PairStatus.SUPERSEDED
        current.save(update_fields=["status"])
    match = matching.Match(
        trainee_key=trainee.pk,
        mentor_key=mentor.pk,
        score=int(sum(p[0, 0] for p in parts.values())),
        parts=[(k, int(v[0, 0])) for k, v in parts.items() if v[0, 0]],
    )
    return Pair.objects.create(
        round=round_,
        trainee=trainee,
        mentor=mentor,
        locked=True,
        made_by=made_by,
        score=match.score,
        score_parts=_explain(
            match,
            t_in,
            m_one,
            names=_names(),
            profession_label=str(dict(Profession.choices).get(mentor.profession, "")),
        ),
    )


@transaction.atomic
def pair_set_locked(*, pair: Pair, locked: bool) -> Pair:
    """Lock a proposed pair so a re-run keeps it, or unlock it."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PairStatus.PROPOSED:
        raise MentorshipError(_("Only proposed pairs can be locked or unlocked."))
    pair.locked = locked
    pair.save(update_fields=["locked"])
    return pair


@transaction.atomic
def pairs_publish(*, round_: PairingRound) -> int:
    """Make every proposed pair of the round active and tell both people."""
    pairs = list(
        Pair.objects.select_for_update(of=("self",))
        .filter(round=round_, status=PairStatus.PROPOSED)
        .select_related("trainee", "mentor__user")
    )
    now = timezone.now()
    for pair in pairs:
        pair.status = PairStatus.ACTIVE
        pair.activated_at = now
    Pair.objects.bulk_update(pairs, ["status", "activated_at"])
    audit_log_bulk(pairs, changes={"status": [PairStatus.PROPOSED, PairStatus.ACTIVE]})
    _notify_paired(pairs)
    return len(pairs)


def _notify_paired(pairs) -> None:
    for pair in pairs:
        for recipient, other, role in (
            (pair.trainee, pair.mentor.user, gettext_lazy("mentor")),
            (pair.mentor.user, pair.trainee, gettext_lazy("mentee")),
        ):
            mail_send(
                "mentor_paired",
                to=recipient,
                context={
                    "pair": pair,
                    "name": recipient.display_name,
                    "other": other,
                    "role": role,
                    "url": _pair_url(pair),
                },
                key=f"mentor-paired:{pair.pk}:{recipient.pk}",
            )
            # The e-mail above is the required message; the notification
            # keeps it in the person's list.
            notification_create(
                user=recipient,
                kind="pairing_published",
                event_key=f"mentor-paired:{pair.pk}",
                title=gettext_lazy("You were paired: your %(role)s is %(name)s."),
                title_params={"role": role, "name": other.display_name},
                url=reverse("mentorship:pair", args=[pair.pk]),
                mailed_by_caller=True,
            )
