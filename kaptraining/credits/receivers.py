"""Drop cached progress (credits.progress_cache) when what it is computed from
changes. Models are told apart by their fields and labels, so credits imports
no app above it."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import progress_cache
from .signals import progress_changed

# Rows a trainee writes just by studying (position, visits, notes, media
# played) that no requirement reads: a lesson view keeps the cached progress.
_IRRELEVANT = frozenset(
    {
        "study.StudyPosition",
        "study.LessonVisit",
        "study.LessonNote",
        "study.JournalEntry",
        "study.MediaProgress",
    }
)
# Rows without a trainee that change how everyone's progress is evaluated.
_SHARED_APPS = frozenset({"credits", "curriculum"})
_SHARED_MODELS = frozenset({"cohorts.Cohort"})
# A sign-in records its time on the user; no requirement reads it.
_IGNORED_USER_UPDATES = frozenset({"last_login"})


@cache
def _kind(model) -> str:
    meta = model._meta
    if meta.label in _IRRELEVANT:
        return ""
    if model is get_user_model():
        return "user"
    try:
        field = meta.get_field("trainee")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and reverse relations
        field = None
    if field is not None and getattr(field, "many_to_one", False) and field.concrete:
        return "trainee"
    if meta.app_label in _SHARED_APPS or meta.label in _SHARED_MODELS:
        return "shared"
    return ""


def _changed(sender, instance) -> None:
    kind = _kind(sender)
    if kind == "user":
        progress_cache.trainee_changed(instance.pk)
    elif kind == "trainee" and instance.trainee_id:
        progress_cache.trainee_changed(instance.trainee_id)
    elif kind == "shared":
        progress_cache.everything_changed()


@receiver(post_save, dispatch_uid="credits.progress_cache.saved")
def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields and set(update_fields) <= _IGNORED_USER_UPDATES:
        return
    _changed(sender, instance)


@receiver(post_delete, dispatch_uid="credits.progress_cache.deleted")
def _deleted(sender, instance, **kwargs):
    _changed(sender, instance)


@receiver(progress_changed, dispatch_uid="credits.progress_cache.ledger")
def _ledger_changed(sender, trainee_id=None, **kwargs):
    # Bulk ledger writes (attendance for a session) send no model signals.
    if trainee_id:
        progress_cache.trainee_changed(trainee_id)


@receiver(page_published, dispatch_uid="credits.progress_cache.published")
@receiver(page_unpublished, dispatch_uid="credits.progress_cache.unpublished")
@receiver(post_page_move, dispatch_uid="credits.progress_cache.moved")
def _page_changed(sender, **kwargs):
    progress_cache.everything_changed()
