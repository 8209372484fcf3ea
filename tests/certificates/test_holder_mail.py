"""The holder hears of every change to their certificate, with the reason
(issue 15): a revocation and a reissue each send one e-mail naming why."""

import pytest

from kaptraining.certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from kaptraining.core.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_revocation_emails_the_holder_once_with_the_reason(program, eligible_trainee):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)

    certificate_revoke(
        certificate=certificate,
        reason="Licence surrendered to the state board",
        by=UserFactory(is_staff=True),
    )

    message = OutboundEmail.objects.get(key=f"certificate-revoked:{certificate.pk}")
    assert message.to == [eligible_trainee.email]
    assert "has been revoked" in message.subject
    assert "Reason: Licence surrendered to the state board" in message.body
    assert certificate.number in message.body


def test_reissue_emails_the_holder_with_the_reason(program, eligible_trainee):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)

    new = certificate_reissue(certificate=certificate, reason="Name changed")

    message = OutboundEmail.objects.get(key=f"certificate-issued:{new.pk}")
    assert "replaces your earlier certificate" in message.body
    assert "Reason: Name changed" in message.body
