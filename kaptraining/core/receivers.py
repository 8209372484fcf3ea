"""Empty the anonymous page cache (core.pagecache) when what it shows changes.

Sources are declared by model in the route table (ANONYMOUS_CACHE_SOURCES),
so no app is imported here: a save, delete or many-to-many change of any row
of a declared model, and Wagtail's publish, unpublish and move, invalidate.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache

# A sign-in records its time on the user; that changes no public page.
_IGNORED_UPDATES = frozenset({"last_login"})


def _invalidate_now_and_after_commit() -> None:
    # Now, so that this process's next request cannot be served the old page;
    # after commit too, so that a page another request rendered from the old
    # rows in between (it could not see ours yet) is dropped as well.
    pagecache.invalidate()
    transaction.on_commit(pagecache.invalidate)


@receiver(post_save, dispatch_uid="core.pagecache.saved")
def _saved(sender, update_fields=None, raw=False, **kwargs):
    if raw or not pagecache.is_source(sender):
        return
    if update_fields and set(update_fields) <= _IGNORED_UPDATES:
        return
    _invalidate_now_and_after_commit()


@receiver(post_delete, dispatch_uid="core.pagecache.deleted")
@receiver(m2m_changed, dispatch_uid="core.pagecache.m2m")
def _deleted_or_linked(sender, instance=None, action=None, **kwargs):
    # m2m_changed's sender is the through model; instance is the row changed.
    if action is not None and not action.startswith("post_"):
        return
    if pagecache.is_source(sender) or pagecache.is_source(type(instance)):
        _invalidate_now_and_after_commit()


@receiver(page_published, dispatch_uid="core.pagecache.published")
@receiver(page_unpublished, dispatch_uid="core.pagecache.unpublished")
@receiver(post_page_move, dispatch_uid="core.pagecache.moved")
def _page_changed(sender, **kwargs):
    _invalidate_now_and_after_commit()


@receiver(post_save, dispatch_uid="core.organisation_settings.saved")
@receiver(post_delete, dispatch_uid="core.organisation_settings.deleted")
def _organisation_settings_changed(sender, **kwargs):
    """organisation_settings() is cached: drop it when the settings or the
    sites change (now and after commit, as for the page cache)."""
    from django.core.cache import cache
    from wagtail.models import Site

    from .models import ORGANISATION_SETTINGS_CACHE_KEY, OrganisationSettings

    if sender not in (OrganisationSettings, Site):
        return
    cache.delete(ORGANISATION_SETTINGS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(ORGANISATION_SETTINGS_CACHE_KEY))


@receiver(post_save, dispatch_uid="core.sites.saved")
@receiver(post_delete, dispatch_uid="core.sites.deleted")
def _site_saved(sender, **kwargs):
    from wagtail.models import Site

    if sender is Site:
        pagecache.sites_changed()
        transaction.on_commit(pagecache.sites_changed)


@receiver(page_published, dispatch_uid="core.sites.published")
@receiver(page_unpublished, dispatch_uid="core.sites.unpublished")
@receiver(post_page_move, dispatch_uid="core.sites.moved")
def _site_root_changed(sender, **kwargs):
    # A site's root page travels with the cached Site.
    pagecache.sites_changed()
    transaction.on_commit(pagecache.sites_changed)
