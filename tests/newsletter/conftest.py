import re

import pytest
from django.core import mail

from kaptraining.newsletter.models import Subscriber, SubscriberStatus


def link_in(message, name: str) -> str:
    """The path of the first link to /newsletter/<name>/ in a message."""
    match = re.search(rf"https?://[^/\s]+(/newsletter/{name}/[^\s>]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def subscribed():
    """A confirmed subscriber to the given topics (as the confirmation makes)."""

    def make(email="reader@example.org", topics=("trainings",), name="Robin"):
        fields = {f"topic_{t}": True for t in topics}
        return Subscriber.objects.create(
            email=email, name=name, status=SubscriberStatus.SUBSCRIBED, **fields
        )

    return make


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox
