"""Drop the cached curriculum structure (outline.program_structure) when the
curriculum changes: any save or delete of a curriculum row (pages, their
prerequisites), and every Wagtail publish, unpublish or move. Now and again
after the transaction commits, so a structure read in between cannot stay."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .outline import structure_changed


def _now_and_after_commit() -> None:
    structure_changed()
    transaction.on_commit(structure_changed)


@receiver(post_save, dispatch_uid="study.structure.saved")
@receiver(post_delete, dispatch_uid="study.structure.deleted")
@receiver(m2m_changed, dispatch_uid="study.structure.linked")
def _curriculum_row_changed(sender, raw=False, **kwargs):
    meta = sender._meta
    if raw:
        return
    if meta.app_label in ("curriculum", "wagtailcore", "taggit") or (
        meta.label == "study.StudyPolicy"
    ):
        _now_and_after_commit()


@receiver(page_published, dispatch_uid="study.structure.published")
@receiver(page_unpublished, dispatch_uid="study.structure.unpublished")
@receiver(post_page_move, dispatch_uid="study.structure.moved")
def _page_changed(sender, **kwargs):
    _now_and_after_commit()
