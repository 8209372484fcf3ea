"""Factories for mentor profiles, rounds, preferences, pairs and meetings."""

import datetime

import factory
from django.utils import timezone

from kaptraining.mentorship.models import (
    FocusArea,
    Language,
    MentorMeeting,
    MentorProfile,
    Pair,
    PairingRound,
    PairStatus,
    TraineePreference,
)

from . import UserFactory


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "en"
    name = factory.LazyAttribute(
        lambda o: {"en": "English", "es": "Spanish", "vi": "Vietnamese"}.get(
            o.code, o.code
        )
    )


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Focus {n}")
    kind = "speciality"


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, is_mentor=True)
    profession = "psychologist"
    licence_type = "psychologist"
    timezone = "America/New_York"
    capacity = 2

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["en"]
            obj.languages.add(*[LanguageFactory(code=c) for c in codes])

    @factory.post_generation
    def specialities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.specialities.add(*extracted)


class PairingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairingRound

    name = factory.Sequence(lambda n: f"Mentor pairing {n}")


class TraineePreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TraineePreference
        skip_postgeneration_save = True

    round = factory.SubFactory(PairingRoundFactory)
    trainee = factory.SubFactory(UserFactory)
    profession_match = "any"
    timezone_match = "any"

    @factory.post_generation
    def focus_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.focus_areas.add(*extracted)

    @factory.post_generation
    def preferred_mentors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.preferred_mentors.add(*extracted)


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    round = factory.SubFactory(PairingRoundFactory)
    trainee = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(MentorProfileFactory)
    status = PairStatus.ACTIVE
    activated_at = factory.LazyFunction(timezone.now)


class MentorMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorMeeting

    pair = factory.SubFactory(PairFactory)
    met_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=2)
    )
    minutes = 60
    format = "video"
    topics = "Preparing a client for a first dosing session; consent."
    logged_by = factory.LazyAttribute(lambda o: o.pair.trainee)
