"""Announcements (in-app and e-mail) and the cohort discussion board."""

import pytest
from django.urls import reverse

from cohorts.models import Announcement, Post, Thread
from cohorts.tasks import announcement_email
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_people(program):
    cohort = CohortFactory(program=program)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    trainees = [EnrolmentFactory(cohort=cohort).trainee for _ in range(3)]
    EnrolmentFactory(cohort=cohort, status="withdrawn")
    return cohort, trainer, trainees


def test_announcement_shown_and_emailed_once(
    client, cohort_people, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer, trainees = cohort_people
    client.force_login(trainer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:announce", args=[cohort.pk]),
            {
                "title": "Retreat packing list",
                "body": "Bring a blanket and an eye mask.",
            },
        )

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == sorted(t.email for t in trainees)
    assert "Bring a blanket" in mailoutbox[0].body
    announcement = Announcement.objects.get()
    assert announcement_email(announcement.pk) == 0  # a second run sends nothing
    assert len(mailoutbox) == 3
    client.force_login(trainees[0])
    assert (
        "Retreat packing list"
        in client.get(reverse("cohorts:home", args=[cohort.pk])).content.decode()
    )


def test_announcement_empty_is_400_and_not_saved(client, cohort_people):
    cohort, trainer, _trainees = cohort_people
    client.force_login(trainer)
    response = client.post(
        reverse("cohorts:announce", args=[cohort.pk]), {"title": "", "body": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Announcement.objects.exists()


def test_announcement_by_trainee_is_not_found(client, cohort_people):
    cohort, _trainer, trainees = cohort_people
    client.force_login(trainees[0])
    response = client.post(
        reverse("cohorts:announce", args=[cohort.pk]), {"title": "Hi", "body": "x"}
    )
    assert response.status_code == 404
    assert not Announcement.objects.exists()


def test_discussion_thread_reply_and_moderation(client, cohort_people):
    cohort, trainer, (ana, ben, _c) = cohort_people
    client.force_login(ana)
    response = client.post(
        reverse("cohorts:discussion", args=[cohort.pk]),
        {
            "title": "Book club: chapter 3",
            "body": "What did you make of set and setting?",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    client.force_login(ben)
    client.post(
        reverse("cohorts:thread", args=[thread.pk]), {"body": "Off-topic advert"}
    )
    reply = Post.objects.get(author=ben)

    client.force_login(trainer)
    client.post(
        reverse("cohorts:post_hide", args=[reply.pk]), {"reason": "Advertising"}
    )
    client.post(reverse("cohorts:thread_moderate", args=[thread.pk, "lock"]))

    reply.refresh_from_db()
    assert (reply.is_hidden, reply.hidden_reason, reply.hidden_by) == (
        True,
        "Advertising",
        trainer,
    )
    client.force_login(ana)
    html = client.get(reverse("cohorts:thread", args=[thread.pk])).content.decode()
    assert "Off-topic advert" not in html
    assert "This post was hidden by a trainer." in html
    locked = client.post(
        reverse("cohorts:thread", args=[thread.pk]), {"body": "Late reply"}
    )
    assert locked.status_code == 409
    assert not Post.objects.filter(body="Late reply").exists()


def test_discussion_outsiders_and_trainee_moderation_refused(
    client, cohort_people, program
):
    cohort, trainer, (ana, ben, _c) = cohort_people
    client.force_login(ana)
    client.post(
        reverse("cohorts:discussion", args=[cohort.pk]),
        {"title": "Hello", "body": "Hi all"},
    )
    thread = Thread.objects.get()
    post = thread.posts.get()

    client.force_login(UserFactory())
    assert (
        client.get(reverse("cohorts:discussion", args=[cohort.pk])).status_code == 404
    )
    assert client.get(reverse("cohorts:thread", args=[thread.pk])).status_code == 404
    other_trainer = UserFactory(is_trainer=True)
    CohortFactory(program=program).trainers.add(other_trainer)
    client.force_login(other_trainer)
    assert (
        client.post(
            reverse("cohorts:post_hide", args=[post.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    client.force_login(ben)
    assert (
        client.post(
            reverse("cohorts:thread_moderate", args=[thread.pk, "hide"])
        ).status_code
        == 404
    )
    thread.refresh_from_db()
    post.refresh_from_db()
    assert not thread.is_hidden and not post.is_hidden


def test_discussion_empty_post_is_400(client, cohort_people):
    cohort, _trainer, (ana, _b, _c) = cohort_people
    client.force_login(ana)
    response = client.post(
        reverse("cohorts:discussion", args=[cohort.pk]), {"title": "", "body": ""}
    )
    assert response.status_code == 400
    assert not Thread.objects.exists()
