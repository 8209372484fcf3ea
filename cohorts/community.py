"""Announcements and the discussion board: who may take part, and the writes."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaptraining.notifications.services import follow_set, notify_followers

from .models import Announcement, Cohort, Enrolment, EnrolmentStatus, Post, Thread

MEMBER_STATUSES = [EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED]


class CommunityError(Exception):
    """A user-facing reason a post cannot be made."""


def can_manage(user, cohort: Cohort) -> bool:
    """Staff, and the cohort's own trainers."""
    if not user.is_authenticated:
        return False
    return user.is_staff or cohort.trainers.filter(pk=user.pk).exists()


def is_member(user, cohort: Cohort) -> bool:
    """Trainers and staff, and trainees studying in the cohort."""
    if can_manage(user, cohort):
        return True
    return Enrolment.objects.filter(
        cohort=cohort, trainee=user, status__in=MEMBER_STATUSES
    ).exists()


@transaction.atomic
def announcement_post(*, cohort: Cohort, author, title: str, body: str) -> Announcement:
    """Shown in the cohort at once; e-mailed to its trainees after commit."""
    announcement = Announcement.objects.create(
        cohort=cohort, author=author, title=title.strip(), body=body.strip()
    )
    from .tasks import announcement_email

    announcement_email.delay_on_commit(announcement.pk)
    return announcement


@transaction.atomic
def thread_start(
    *, cohort: Cohort, author, title: str, body: str, session=None
) -> Thread:
    thread = Thread.objects.create(
        cohort=cohort, author=author, title=title.strip(), session=session
    )
    Post.objects.create(thread=thread, author=author, body=body.strip())
    follow_set(user=author, topic=thread_topic(thread.pk), following=True)
    return thread


@transaction.atomic
def post_reply(*, thread_id: int, author, body: str) -> Post:
    """Replies go to open, visible threads only (locked threads are read-only)."""
    thread = Thread.objects.select_for_update(of=("self",)).get(pk=thread_id)
    if thread.is_locked or thread.is_hidden:
        raise CommunityError(_("This discussion is closed to new replies."))
    now = timezone.now()
    post = Post.objects.create(
        thread=thread, author=author, body=body.strip(), created_at=now
    )
    thread.last_post_at = now
    thread.save(update_fields=["last_post_at"])
    # Whoever replies follows the thread; its followers hear of the reply.
    follow_set(user=author, topic=thread_topic(thread.pk), following=True)
    notify_followers(
        topic=thread_topic(thread.pk),
        kind="discussion_reply",
        event_key=f"post:{post.pk}",
        # Lazy: each follower reads it in their own language.
        title=gettext_lazy("%(name)s replied in “%(thread)s”"),
        title_params={"name": author.display_name, "thread": thread.title},
        url=reverse("cohorts:thread", args=[thread.pk]),
        exclude=author,
    )
    return post


def thread_topic(thread_id: int) -> str:
    """The follow topic of a discussion thread."""
    return f"thread:{thread_id}"


@transaction.atomic
def post_hide(*, post_id: int, by, reason: str) -> Post:
    """Moderation: the post is hidden from trainees; its text is kept."""
    if not reason.strip():
        raise CommunityError(_("Give a reason for hiding the post."))
    post = Post.objects.select_for_update(of=("self",)).get(pk=post_id)
    post.is_hidden = True
    post.hidden_by = by
    post.hidden_reason = reason.strip()[:300]
    post.save(update_fields=["is_hidden", "hidden_by", "hidden_reason"])
    return post


@transaction.atomic
def thread_moderate(*, thread_id: int, action: str) -> Thread:
    """Pin, unpin, lock, unlock, hide or show a thread."""
    flags = {
        "pin": ("is_pinned", True),
        "unpin": ("is_pinned", False),
        "lock": ("is_locked", True),
        "unlock": ("is_locked", False),
        "hide": ("is_hidden", True),
        "show": ("is_hidden", False),
    }
    if action not in flags:
        raise CommunityError(_("Unknown moderation action."))
    thread = Thread.objects.select_for_update(of=("self",)).get(pk=thread_id)
    name, value = flags[action]
    setattr(thread, name, value)
    thread.save(update_fields=[name])
    return thread
