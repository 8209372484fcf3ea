"""core.mail: templated, rendered for the reader, stored in the sender's
transaction, delivered after commit by one task, once per key, retried only
on transient errors. (tests/core/test_mail_worker.py runs the task on a real
worker against a real SMTP server.)"""

import datetime
import smtplib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.utils import translation

from kaptraining.core.mail import (
    is_transient,
    mail_deliver,
    mail_deliver_now,
    mail_send,
    render_mail,
    retry_delay,
)
from kaptraining.core.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAILS = Path(django_settings.BASE_DIR) / "templates" / "emails"
WHEN = datetime.datetime(2026, 6, 5, 22, 0, tzinfo=datetime.UTC)


@pytest.fixture
def note_templates(settings, tmp_path):
    """A test message, `note`, beside the real templates."""
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "note_subject.txt").write_text(
        "{% autoescape off %}Note for {{ name }}\n about {{ topic }}{% endautoescape %}"
    )
    (folder / "note.txt").write_text(
        "{% load i18n %}{% autoescape off %}{% get_current_language as lang %}"
        'Hello {{ name }}: {{ when|date:"H:i T" }} [{{ lang }}]{% endautoescape %}'
    )
    (folder / "note.html").write_text("<p>Hello {{ name }}</p>")
    (folder / "plain_subject.txt").write_text("Plain")
    (folder / "plain.txt").write_text("Just text.")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return folder


def test_mail_send_renders_subject_text_and_html_for_the_reader(
    note_templates, committed
):
    reader = UserFactory(timezone="America/Los_Angeles")
    # The sender's own language and zone must not leak into the reader's mail.
    with translation.override("fr"), committed():
        mail_send(
            "note",
            to=reader,
            context={"name": "Ana & Bo", "topic": "x", "when": WHEN},
        )

    [message] = mail.outbox
    assert message.to == [reader.email]
    assert message.subject == "Note for Ana & Bo about x"  # one line, unescaped
    assert message.body == "Hello Ana & Bo: 15:00 PDT [en-us]"
    assert message.alternatives == [("<p>Hello Ana &amp; Bo</p>", "text/html")]
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL
    assert message.extra_headers["Message-ID"].startswith("<kap.")


def test_mail_to_a_bare_address_uses_the_sites_zone_and_no_html_template(
    note_templates, committed
):
    with committed():
        mail_send("note", to="staff@example.org", context={"name": "S", "when": WHEN})
        mail_send("plain", to=["a@example.org", "b@example.org"])

    note, plain = mail.outbox
    assert note.body == "Hello S: 22:00 UTC [en-us]"
    assert plain.to == ["a@example.org", "b@example.org"]
    assert plain.body == "Just text." and plain.alternatives == []


def test_nothing_is_sent_before_commit_nor_after_rollback(note_templates, committed):
    reader = UserFactory()
    with pytest.raises(RuntimeError), committed(), transaction.atomic():
        mail_send("plain", to=reader)
        raise RuntimeError("the sender's transaction fails")
    assert mail.outbox == [] and not OutboundEmail.objects.exists()

    with committed() as callbacks:
        mail_send("plain", to=reader)
        assert mail.outbox == []  # queued, not sent, until the commit
    assert len(callbacks) == 1 and len(mail.outbox) == 1


def test_a_key_sends_once_however_often_the_caller_runs(note_templates, committed):
    reader = UserFactory()
    with committed():
        first = mail_send("plain", to=reader, key="welcome:1")
        second = mail_send("plain", to=reader, key="welcome:1")
        other = mail_send("plain", to=reader, key="welcome:2")

    assert first is not None and second is None and other is not None
    assert len(mail.outbox) == 2
    assert OutboundEmail.objects.filter(key="welcome:1").count() == 1


def test_delivered_message_is_marked_and_not_sent_again(note_templates, committed):
    with committed():
        queued = mail_send("plain", to="a@example.org", reply_to=["r@example.org"])

    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 1
    assert queued.body == ""  # bodies are not kept after delivery
    assert mail.outbox[0].reply_to == ["r@example.org"]
    assert mail_deliver_now(email_id=queued.pk) is False  # a redelivered task
    assert len(mail.outbox) == 1


def test_nul_bytes_and_no_recipient(note_templates, committed):
    with committed():
        assert mail_send("plain", to=[]) is None
        mail_send(
            "note", to="a@example.org", context={"name": "A\x00B", "when": WHEN}
        )
    assert mail.outbox[0].body.startswith("Hello AB:")


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (smtplib.SMTPServerDisconnected("closed"), True),
        (smtplib.SMTPDataError(451, b"4.3.0 try again"), True),
        (smtplib.SMTPSenderRefused(421, b"busy", "a@x"), True),
        (smtplib.SMTPRecipientsRefused({"a@x": (450, b"mailbox busy")}), True),
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPDataError(554, b"5.7.1 rejected"), False),
        (smtplib.SMTPRecipientsRefused({"a@x": (550, b"no such user")}), False),
        (
            smtplib.SMTPRecipientsRefused(
                {"a@x": (450, b"busy"), "b@x": (550, b"no such user")}
            ),
            False,
        ),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (smtplib.SMTPNotSupportedError("no STARTTLS"), False),
        (ValueError("template bug"), False),
    ],
)
def test_is_transient(exc, transient):
    assert is_transient(exc) is transient


def test_retry_delay_doubles_and_stays_below_the_visibility_timeout(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_RETRY_MAX_SECONDS = 1800
    delays = [retry_delay(n) for n in range(settings.MAIL_MAX_RETRIES)]
    assert delays[:5] == [60, 120, 240, 480, 960]
    assert max(delays) == 1800
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert max(delays) < visibility


class FlakyBackend(locmem.EmailBackend):
    """A mail server that fails the first `failures` sends with `error`."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("closed")
    calls = 0

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls <= FlakyBackend.failures:
            raise FlakyBackend.error
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.calls = 0
    return FlakyBackend


def test_transient_failure_is_retried_then_delivered_once(
    note_templates, committed, flaky
):
    flaky.failures, flaky.error = 2, smtplib.SMTPDataError(451, b"try again")
    with committed():
        queued = mail_send("plain", to="a@example.org")

    queued.refresh_from_db()
    assert (flaky.calls, len(mail.outbox)) == (3, 1)
    assert queued.attempts == 3 and queued.sent_at and not queued.failed_at


def test_permanent_failure_is_given_up_at_once(note_templates, committed, flaky):
    flaky.failures, flaky.error = 99, smtplib.SMTPDataError(554, b"rejected")
    with committed():
        queued = mail_send("plain", to="a@example.org")

    queued.refresh_from_db()
    assert flaky.calls == 1 and mail.outbox == []
    assert queued.failed_at is not None and queued.sent_at is None
    assert "554" in queued.last_error
    assert mail_deliver_now(email_id=queued.pk) is False  # given up stays given up


def test_transient_failures_stop_after_the_last_retry(
    note_templates, committed, flaky, settings
):
    settings.MAIL_MAX_RETRIES = 3
    flaky.failures, flaky.error = 99, ConnectionRefusedError(111, "refused")
    with committed():
        queued = mail_send("plain", to="a@example.org")

    queued.refresh_from_db()
    assert flaky.calls == 4 and mail.outbox == []
    assert queued.attempts == 4 and queued.failed_at is not None


def test_the_task_has_an_explicit_name_and_is_acknowledged_late():
    assert mail_deliver.name == "core.mail_deliver"
    assert mail_deliver.acks_late and mail_deliver.reject_on_worker_lost


def test_every_template_has_a_subject_and_renders_text_unescaped():
    bodies = sorted(
        p for p in EMAILS.glob("*.txt") if not p.name.endswith("_subject.txt")
    )
    assert len(bodies) >= 18
    for body in bodies:
        subject = body.with_name(body.stem + "_subject.txt")
        assert subject.exists(), f"{subject.name} is missing"
        for path in (body, subject):
            assert "{% autoescape off %}" in path.read_text(), path.name


def test_render_mail_of_a_real_template(settings):
    settings.SITE_URL = "https://kap.example.org"
    from tests.factories.directory import ListingFactory

    listing = ListingFactory.build(display_name="O'Neil & Co", status="approved")
    rendered = render_mail("listing_moderated", {"listing": listing})
    assert rendered.subject == "Your directory listing is live"
    assert "Hello O'Neil & Co," in rendered.body
    assert "https://kap.example.org/" in rendered.body


def test_staff_see_the_outgoing_mail_log_and_trainees_do_not(
    client, settings, note_templates, committed, flaky
):
    from django.urls import reverse

    settings.KAP_REQUIRE_STAFF_MFA = False
    flaky.failures, flaky.error = 99, smtplib.SMTPDataError(554, b"rejected")
    with committed():
        mail_send("plain", to="bounce@example.org")
    url = reverse("outbound_email_admin:index")

    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(url).content.decode()
    assert "bounce@example.org" in html and "Not delivered" in html
    assert "554" in html
    queued = OutboundEmail.objects.get()
    assert client.get(
        reverse("outbound_email_admin:inspect", args=[queued.pk])
    ).status_code == 200
    assert client.post(
        reverse("outbound_email_admin:delete", args=[queued.pk])
    ).status_code in (302, 403)
    assert OutboundEmail.objects.filter(pk=queued.pk).exists()
