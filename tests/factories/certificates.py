"""Factories for certificates, their layouts and per-program settings."""

import io

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Collection

from cohorts.models import Enrolment
from kaptraining.certificates.models import (
    Certificate,
    CertificateSignatory,
    CertificateTemplate,
    ProgramCertificateSettings,
    program_award_key,
)
from kaptraining.credits.models import LedgerEntry
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory


def make_image(title="Logo", size=(360, 120), colour="#0b5d6b", text=None) -> Image:
    """A real PNG stored as a Wagtail image (logos, signatures)."""
    if Collection.get_first_root_node() is None:  # flushed by a transactional test
        Collection.add_root(name="Root")
    picture = PILImage.new("RGBA", size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    if text:
        draw.line([(10, size[1] - 25), (size[0] - 10, 20)], fill=colour, width=5)
        draw.line([(40, 30), (size[0] - 60, size[1] - 30)], fill=colour, width=3)
    else:
        draw.ellipse([10, 10, size[1] - 10, size[1] - 10], fill=colour)
        draw.rectangle(
            [size[1] + 10, size[1] // 2 - 12, size[0] - 10, size[1] // 2 + 12],
            fill=colour,
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.png")
    )


def make_eligible(trainee, program, cohort=None) -> None:
    """Enrol the trainee (if needed) and credit exactly what the program
    requires, straight into the ledger (no tasks enqueued)."""
    if not Enrolment.objects.filter(trainee=trainee, cohort__program=program).exists():
        EnrolmentFactory(
            trainee=trainee, cohort=cohort or CohortFactory(program=program)
        )
    remaining = program.required_minutes
    for i, requirement in enumerate(program.category_requirements.all()):
        minutes = requirement.min_hours * 60
        if minutes:
            LedgerEntry.objects.create(
                trainee=trainee,
                program=program,
                category=requirement.category,
                minutes=minutes,
                source="adjustment",
                source_id=f"eligible-{i}",
                description="Test credit",
            )
            remaining -= minutes
    if remaining > 0:
        LedgerEntry.objects.create(
            trainee=trainee,
            program=program,
            category="didactic",
            minutes=remaining,
            source="adjustment",
            source_id="eligible-rest",
            description="Test credit",
        )


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Layout {n}")
    organisation_name = "Northwest KAP Institute"
    accreditation_statement = (
        "Northwest KAP Institute is approved by the American Psychological Association "
        "to sponsor continuing education for psychologists."
    )


class CertificateSignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateSignatory

    template = factory.SubFactory(CertificateTemplateFactory)
    name = "Dr. Ada Rivers"
    title = "Director of Training"


class ProgramCertificateSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramCertificateSettings

    template = None
    validity_years = None


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row as issuance leaves it, without PDF or credential."""

    class Meta:
        model = Certificate

    trainee = factory.SubFactory(UserFactory)
    award_key = factory.LazyAttribute(lambda o: program_award_key(o.program.pk))
    award_title = "Certified KAP Practitioner"
    holder_name = factory.LazyAttribute(lambda o: o.trainee.display_name)
    hours_minutes = 180
