"""Editorial pages with no transactional data: the home page and plain pages."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from kaptraining.curriculum.models import ProgramPage

from .blocks import SectionBlock


class HomePage(Page):
    headline = models.CharField(
        max_length=200, default="Training clinicians in ketamine-assisted psychotherapy"
    )
    intro = RichTextField(blank=True)
    sections = StreamField(SectionBlock(), blank=True, verbose_name="sections")

    content_panels = Page.content_panels + [
        FieldPanel("headline"),
        FieldPanel("intro"),
        FieldPanel("sections"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "curriculum.ProgramPage",
        "directory.DirectoryPage",
        "pages.StandardPage",
        "retreats.RetreatPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        if site is None or site.root_page_id == self.pk:
            programs = ProgramPage.objects.live().child_of(self).order_by("path")
        else:
            # A translation of the home page (issue 21): the programs are the
            # English home's, each in its published translation where it has one.
            programs = list(
                ProgramPage.objects.live().child_of(site.root_page).order_by("path")
            )
            translated = {
                page.translation_key: page
                for page in ProgramPage.objects.live().filter(
                    locale_id=self.locale_id,
                    translation_key__in=[p.translation_key for p in programs],
                )
            }
            programs = [translated.get(p.translation_key, p) for p in programs]
        context["programs"] = programs
        return context


class StandardPage(Page):
    body = RichTextField(blank=True)
    sections = StreamField(SectionBlock(), blank=True, verbose_name="sections")

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("sections")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]
