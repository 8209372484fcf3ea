"""Who a broadcast may reach: the people of an audience, built from the
product's own records, intersected with consent (subscribed to the topic,
confirmed, not suppressed). Operational mail does not come through here."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.db.models.functions import Lower

from cohorts.models import Application, Enrolment, EnrolmentStatus
from kaptraining.certificates.models import Certificate
from kaptraining.directory.models import Listing

from .models import Audience, Subscriber


def audience_users(audience: str) -> QuerySet | None:
    """The accounts an audience is made of; None for everyone subscribed."""
    users = get_user_model().objects.all()
    if audience == Audience.APPLICANTS:
        return users.filter(pk__in=Application.objects.values("applicant_id"))
    if audience == Audience.TRAINEES:
        return users.filter(
            pk__in=Enrolment.objects.filter(
                status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.PENDING_PAYMENT]
            ).values("trainee_id")
        )
    if audience == Audience.ALUMNI:
        return users.filter(
            pk__in=Certificate.objects.current().values("trainee_id")
        ) | users.filter(
            pk__in=Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).values(
                "trainee_id"
            )
        )
    if audience == Audience.DIRECTORY:
        return users.filter(pk__in=Listing.objects.published().values("user_id"))
    return None


def recipients(*, audience: str, topic: str) -> QuerySet[Subscriber]:
    """Subscribers who confirmed `topic`, are not suppressed, and (unless the
    audience is everyone) whose address is an account of the audience."""
    subscribers = Subscriber.objects.subscribed().for_topic(topic).not_suppressed()
    users = audience_users(audience)
    if users is not None:
        subscribers = subscribers.filter(
            email__in=users.annotate(address=Lower("email")).values("address")
        )
    return subscribers
