"""The mailing list: people who signed up from the footer or the home page
and confirmed by the link (each with its consent record), one who never
confirmed, one who left, and the retreat announcement staff sent to those
who chose "Trainings and retreats"."""

import datetime

from wagtail.models import Site

from kaptraining.core.models import OrganisationSettings
from kaptraining.newsletter.models import Broadcast
from kaptraining.newsletter.services import (
    broadcast_send_batch,
    broadcast_start,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)
from kaptraining.newsletter.views import CONSENT_WORDING
from kaptraining.pages.models import StandardPage

from .base import Demo, at, local
from .constants import DEMO_DOMAIN

TZ = "America/Denver"
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Firefox/133.0"

# (address, name, topics, source, days ago signed up, confirmed?, left days ago)
SIGN_UPS = [
    (
        f"emery@{DEMO_DOMAIN}",
        "Emery",
        ["trainings", "directory"],
        "footer",
        70,
        True,
        None,
    ),
    (
        f"casey@{DEMO_DOMAIN}",
        "Casey",
        ["trainings", "research"],
        "page",
        45,
        True,
        None,
    ),
    ("jordan.lee@example.net", "Jordan Lee", ["trainings"], "footer", 30, True, None),
    ("sam.rivera@example.net", "", ["research"], "footer", 25, True, 5),
    ("pat.nguyen@example.net", "Pat", ["trainings"], "footer", 1, False, None),
]

ANNOUNCEMENT = (
    "<h2>Spring retreat in the foothills</h2>"
    "<p>Our four-day, in-person foundational KAP training returns to Boulder "
    "County in the spring: 32 CE hours, lodging on site, airport transfers "
    "from Denver.</p>"
    "<ul><li>Early registration opens next month.</li>"
    "<li>Scholarships and sliding-scale places are available.</li></ul>"
)


def load_newsletter(demo: Demo) -> None:
    today = demo.today
    site = Site.objects.get(is_default_site=True)
    with at(local(today - datetime.timedelta(days=90), 11, tz=TZ)):
        _news_page(site.root_page.specific)
    organisation = OrganisationSettings.for_site(site)
    if not organisation.address:
        organisation.address = "1200 Pearl Street, Suite 300\nBoulder, CO 80302"
        organisation.save()

    for address, name, topics, source, days, confirmed, left in SIGN_UPS:
        signed = local(today - datetime.timedelta(days=days), 20, tz=TZ)
        with at(signed):
            subscriber = subscription_request(
                email=address,
                name=name,
                topics=topics,
                source=source,
                wording=CONSENT_WORDING,
                ip="198.51.100.24",
                user_agent=BROWSER,
            )
        if confirmed and subscriber:
            with at(signed + datetime.timedelta(minutes=12)):
                subscription_confirm(
                    subscriber_id=subscriber.pk, ip="198.51.100.24", user_agent=BROWSER
                )
        if left is not None and subscriber:
            with at(local(today - datetime.timedelta(days=left), 8, tz=TZ)):
                subscription_unsubscribe(
                    subscriber_id=subscriber.pk, source="one-click (mail client)"
                )

    staff = demo.account("staff")
    with at(local(today - datetime.timedelta(days=12), 15, tz=TZ)):
        broadcast = Broadcast.objects.create(
            subject="Spring retreat dates announced",
            body=ANNOUNCEMENT,
            topic="trainings",
            audience="all",
        )
    with at(local(today - datetime.timedelta(days=10), 9, tz=TZ)):
        broadcast_start(broadcast=broadcast, user=staff)
        # Sent here and now (the after-commit task then finds it sent).
        cursor = 0
        while cursor is not None:
            cursor = broadcast_send_batch(broadcast_id=broadcast.pk, after_id=cursor)


def _news_page(home) -> None:
    """An editor's page with the sign-up block placed in it."""
    home.add_child(
        instance=StandardPage(
            title="Stay informed",
            slug="stay-informed",
            body="<p>A few times a year we write about upcoming trainings and "
            "retreats, new research on ketamine-assisted psychotherapy, and "
            "changes to the practitioner directory.</p>",
            sections=[
                (
                    "newsletter_signup",
                    {
                        "heading": "Join our mailing list",
                        "text": "Choose your topics; we send a link to confirm.",
                    },
                )
            ],
        )
    )
