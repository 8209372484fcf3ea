"""Notifications: once per event, e-mail as each person chose (required
kinds always), daily digests in one e-mail per person, follows on
discussion threads, and the notification centre."""

import pytest
from django.urls import reverse

from kaptraining.core.models import OutboundEmail
from kaptraining.notifications.models import Notification
from kaptraining.notifications.services import (
    digest_send,
    notification_create,
    preference_save,
)
from kaptraining.notifications.tasks import digests_send
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _make(user, key, kind="discussion_reply"):
    return notification_create(
        user=user, kind=kind, event_key=key, title=f"Event {key}", url="/dashboard/"
    )


def _mails(template):
    return OutboundEmail.objects.filter(template=template)


def test_created_once_per_event_and_mailed_once():
    user = UserFactory()
    preference_save(user=user, kind="discussion_reply", channel="immediately")
    assert _make(user, "post:1") is not None
    assert _make(user, "post:1") is None
    assert Notification.objects.filter(user=user).count() == 1
    assert _mails("notification").count() == 1


def test_preference_off_sends_no_mail_but_keeps_notification():
    user = UserFactory()
    preference_save(user=user, kind="discussion_reply", channel="off")
    _make(user, "post:2")
    assert Notification.objects.filter(user=user).count() == 1
    assert not _mails("notification").exists()


def test_required_kind_is_mailed_even_when_turned_off():
    user = UserFactory()
    preference_save(user=user, kind="hours_decided", channel="off")
    _make(user, "claim-decided:1", kind="hours_decided")
    assert _mails("notification").count() == 1


def test_digest_batches_one_mail_per_person_and_runs_once():
    ann, ben = UserFactory(), UserFactory()
    for user in (ann, ben):
        preference_save(user=user, kind="discussion_reply", channel="digest")
    for i in range(3):
        _make(ann, f"post:a{i}")
    for i in range(2):
        _make(ben, f"post:b{i}")
    assert not _mails("notification").exists()

    assert digests_send.apply().get() == 2
    digests = _mails("notification_digest")
    assert digests.count() == 2
    ann_mail = digests.get(to__contains=[ann.email])
    for i in range(3):
        assert f"Event post:a{i}" in ann_mail.body
    assert not Notification.objects.filter(mailed_at__isnull=True).exists()

    assert digests_send.apply().get() == 0
    assert digest_send(user_id=ann.pk) == 0
    assert _mails("notification_digest").count() == 2


def test_thread_reply_notifies_followers_not_author(client, program):
    cohort = CohortFactory(program=program)
    starter = EnrolmentFactory(cohort=cohort).trainee
    replier = EnrolmentFactory(cohort=cohort).trainee
    quiet = EnrolmentFactory(cohort=cohort).trainee
    client.force_login(starter)
    client.post(
        reverse("cohorts:discussion", args=[cohort.pk]),
        {"title": "Integration timing", "body": "When do you schedule it?"},
    )
    from cohorts.models import Thread

    thread = Thread.objects.get(cohort=cohort)
    client.force_login(replier)
    client.post(reverse("cohorts:thread", args=[thread.pk]), {"body": "Within 72 h."})
    # The starter follows (started it); the replier now follows too.
    assert Notification.objects.filter(user=starter).count() == 1
    assert not Notification.objects.filter(user=replier).exists()
    assert not Notification.objects.filter(user=quiet).exists()

    client.force_login(quiet)
    client.post(reverse("cohorts:thread_follow", args=[thread.pk]), {"follow": "1"})
    client.force_login(starter)
    client.post(reverse("cohorts:thread", args=[thread.pk]), {"body": "Thanks!"})
    assert Notification.objects.filter(user=quiet).count() == 1
    assert Notification.objects.filter(user=replier).count() == 1
    assert Notification.objects.filter(user=starter).count() == 1  # not own post

    client.force_login(quiet)
    client.post(reverse("cohorts:thread_follow", args=[thread.pk]), {"follow": "0"})
    client.force_login(replier)
    client.post(reverse("cohorts:thread", args=[thread.pk]), {"body": "Welcome."})
    assert Notification.objects.filter(user=quiet).count() == 1


def test_centre_unread_count_mark_read_and_all(client):
    user = UserFactory()
    preference_save(user=user, kind="discussion_reply", channel="off")
    first = _make(user, "post:c1")
    _make(user, "post:c2")
    _make(user, "post:c3")
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    assert '3<span class="visually-hidden"> unread' in html
    client.post(reverse("notifications:read", args=[first.pk]))
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 2
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    # Someone else's notification cannot be marked by id.
    other = _make(UserFactory(), "post:c4")
    client.post(reverse("notifications:read", args=[other.pk]))
    other.refresh_from_db()
    assert other.read_at is None


def test_preferences_page_saves_and_refuses_bad_choice(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind_discussion_reply": "hourly"})
    assert response.status_code == 400
    response = client.post(url, {"kind_discussion_reply": "off"})
    assert response.status_code == 302
    _make(user, "post:p1")
    assert not _mails("notification").exists()


def test_staff_read_sent_notifications_in_the_admin_and_cannot_edit(client):
    user = UserFactory()
    note = _make(user, "post:admin", kind="discussion_reply")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("notification_admin:index"))
    assert listing.status_code == 200
    assert "Event post:admin" in listing.content.decode()
    inspect = client.get(reverse("notification_admin:inspect", args=[note.pk]))
    assert inspect.status_code == 200
    edit = client.post(reverse("notification_admin:edit", args=[note.pk]), {})
    assert edit.status_code in (302, 403)
    note.refresh_from_db()
    assert note.title == "Event post:admin"
    client.force_login(UserFactory())
    assert client.get(reverse("notification_admin:index")).status_code == 403
