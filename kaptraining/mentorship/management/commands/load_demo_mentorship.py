"""Demo mentorship data: languages, focus areas, two mentors, a pairing round
and one published pair with meetings. Idempotent."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cohorts.management.commands.load_demo import DOMAIN, PASSWORD
from cohorts.models import Cohort
from kaptraining.mentorship.models import (
    FocusArea,
    Language,
    MentorMeeting,
    MentorProfile,
    Pair,
    PairingRound,
    TraineePreference,
)
from kaptraining.mentorship.services import meeting_confirm, pair_assign, pairs_publish

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


class Command(BaseCommand):
    help = "Load demo mentor profiles, a pairing round and a published pair."

    def handle(self, *args, **options):
        cohort = (
            Cohort.objects.filter(program__slug="foundations-of-kap")
            .order_by("start_date")
            .first()
        )
        User = get_user_model()
        malik = User.objects.filter(email=f"mentor@{DOMAIN}").first()
        casey = User.objects.filter(email=f"casey@{DOMAIN}").first()
        if cohort is None or malik is None or casey is None:
            self.stdout.write("Run load_demo first; no demo cohort found.")
            return
        with transaction.atomic():
            languages = {
                code: Language.objects.get_or_create(
                    code=code, defaults={"name": name}
                )[0]
                for code, name in LANGUAGES
            }
            areas = {
                name: FocusArea.objects.get_or_create(
                    name=name, defaults={"kind": "speciality"}
                )[0]
                for name in SPECIALITIES
            }
            areas |= {
                name: FocusArea.objects.get_or_create(
                    name=name, defaults={"kind": "population"}
                )[0]
                for name in POPULATIONS
            }
            malik_profile = self._profile(
                malik,
                languages=[languages["en"]],
                specialities=[areas["PTSD and trauma"], areas["Group KAP"]],
                populations=[areas["Veterans"]],
                tz="America/New_York",
                availability="Tuesday and Thursday evenings",
            )
            grace = self._user(
                "mentor2",
                "Grace",
                "Kim",
                profession="mft",
                licence_type="lmft",
                licence_state="CA",
            )
            self._profile(
                grace,
                languages=[languages["en"], languages["ko"]],
                specialities=[areas["End-of-life distress"], areas["Telehealth KAP"]],
                populations=[areas["BIPOC communities"], areas["LGBTQ+ clients"]],
                tz="America/Los_Angeles",
                availability="Monday mornings, Friday afternoons",
            )
            round_, _ = PairingRound.objects.get_or_create(
                cohort=cohort,
                name=f"Mentor pairing {cohort.start_date.year}",
                defaults={
                    "preferences_due": timezone.localdate()
                    + datetime.timedelta(days=14)
                },
            )
            preference, created = TraineePreference.objects.get_or_create(
                round=round_,
                trainee=casey,
                defaults={"profession_match": "any", "timezone_match": "prefer"},
            )
            if created:
                preference.focus_areas.add(areas["PTSD and trauma"], areas["Veterans"])
                preference.preferred_mentors.add(malik_profile)
            if not Pair.objects.filter(round=round_, trainee=casey).exists():
                pair_assign(round_=round_, trainee=casey, mentor=malik_profile)
                pairs_publish(round_=round_)
                self._meetings(
                    Pair.objects.get(round=round_, trainee=casey), casey, malik
                )

    def _user(self, local, first, last, **extra):
        user, created = get_user_model().objects.get_or_create(
            email=f"{local}@{DOMAIN}",
            defaults={
                "first_name": first,
                "last_name": last,
                "is_mentor": True,
                **extra,
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user

    def _profile(self, user, *, languages, specialities, populations, tz, availability):
        profile, created = MentorProfile.objects.get_or_create(
            user=user,
            defaults={
                "profession": user.profession or "psychologist",
                "licence_type": user.licence_type or "psychologist",
                "licence_state": user.licence_state,
                "timezone": tz,
                "availability": availability,
                "capacity": 3,
            },
        )
        if created:
            profile.languages.add(*languages)
            profile.specialities.add(*specialities)
            profile.populations.add(*populations)
        return profile

    def _meetings(self, pair, casey, malik):
        today = timezone.localdate()
        confirmed = MentorMeeting.objects.create(
            pair=pair,
            met_on=today - datetime.timedelta(days=20),
            minutes=60,
            format="video",
            logged_by=malik,
            topics="Getting to know each other; goals for the year; "
            "reading list on trauma-informed KAP.",
        )
        meeting_confirm(meeting=confirmed, user=casey)
        MentorMeeting.objects.create(
            pair=pair,
            met_on=today - datetime.timedelta(days=2),
            minutes=45,
            format="video",
            logged_by=casey,
            topics="Debrief of my first observed dosing session at Bayview; "
            "consent conversations.",
        )
