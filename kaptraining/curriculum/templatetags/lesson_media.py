"""The address a lesson's audio or video plays from: the permission-checked
view, scoped to the lesson being shown (0 outside a lesson: editors only)."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_media_url(context, media, kind="file"):
    page = context.get("page")
    page_id = page.pk if getattr(page, "body", None) is not None and page.pk else 0
    return reverse("lesson_media", args=[page_id, media.pk, kind])
