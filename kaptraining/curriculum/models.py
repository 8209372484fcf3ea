"""The curriculum as Wagtail pages: Program > Course > Module > Lesson."""

from django.contrib.auth.views import redirect_to_login
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kaptraining.core.categories import Category

from .blocks import LessonBodyBlock


class ProgramPage(Page):
    """A certification track with its hour requirement (150 hours by default)."""

    summary = models.CharField(max_length=300, blank=True)
    body = RichTextField(blank=True)
    award_title = models.CharField(
        _("award title"), max_length=200, default="Certified KAP Practitioner"
    )
    required_hours = models.PositiveIntegerField(
        _("total hours required"), default=150, validators=[MinValueValidator(1)]
    )
    window_months = models.PositiveIntegerField(
        _("completion window (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Counted from the cohort's start date."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("award_title"),
                FieldRowPanel([FieldPanel("required_hours"), FieldPanel("window_months")]),
                InlinePanel("category_requirements", label=_("Hours by category")),
            ],
            heading=_("Requirements"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["curriculum.CoursePage"]

    class Meta:
        verbose_name = _("program")

    @property
    def required_minutes(self) -> int:
        return self.required_hours * 60

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.live().child_of(self).specific().order_by("path")
        )
        context["requirements"] = self.category_requirements.all()
        return context


class ProgramCategoryRequirement(Orderable):
    """Minimum (and optional cap) of hours in one category for a program."""

    program = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="category_requirements")
    category = models.CharField(max_length=32, choices=Category.choices)
    min_hours = models.PositiveIntegerField(_("minimum hours"), default=0)
    cap_hours = models.PositiveIntegerField(
        _("maximum hours that count"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no cap. Hours above the cap do not count."),
    )

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("min_hours"), FieldPanel("cap_hours")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["program", "category"], name="uniq_program_category"),
            models.CheckConstraint(
                condition=models.Q(cap_hours__isnull=True) | models.Q(cap_hours__gte=models.F("min_hours")),
                name="cap_not_below_min",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.min_hours} h"


class CoursePage(Page):
    """A group of modules (e.g. "Foundations", or an elective)."""

    summary = models.CharField(max_length=300, blank=True)
    is_elective = models.BooleanField(default=False)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("is_elective")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["curriculum.ProgramPage"]
    subpage_types = ["curriculum.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = ModulePage.objects.live().child_of(self).order_by("path")
        return context


class ModulePage(Page):
    summary = models.CharField(max_length=300, blank=True)
    release_week = models.PositiveIntegerField(
        _("released in week"),
        default=0,
        help_text=_("Weeks after the cohort starts when this module opens (0 = from the start)."),
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("release_week")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["curriculum.CoursePage"]
    subpage_types = ["curriculum.LessonPage"]

    class Meta:
        verbose_name = _("module")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.live().child_of(self).order_by("path")
        return context


class LessonTag(TaggedItemBase):
    content_object = ParentalKey("curriculum.LessonPage", on_delete=models.CASCADE, related_name="tagged_items")


class LessonPage(Page):
    """A unit of study that credits minutes in one category when completed."""

    category = models.CharField(max_length=32, choices=Category.choices, default=Category.DIDACTIC)
    credited_minutes = models.PositiveIntegerField(
        _("credited minutes"), default=60, validators=[MaxValueValidator(24 * 60)]
    )
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective a line.")
    )
    body = StreamField(LessonBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=LessonTag, blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("category"), FieldPanel("credited_minutes")]),
        FieldPanel("objectives"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("objectives"),
        index.SearchField("body"),
        index.FilterField("category"),
    ]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def get_program(self) -> ProgramPage | None:
        return ProgramPage.objects.ancestor_of(self).first()

    def serve(self, request, *args, **kwargs):
        # Lessons are for enrolled trainees, their trainers and staff only.
        from cohorts.access import lesson_access

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access = lesson_access(request.user, self)
        if not access.allowed:
            return render(
                request,
                "curriculum/lesson_locked.html",
                {"page": self, "access": access},
                status=403,
            )
        request.lesson_access = access
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["access"] = getattr(request, "lesson_access", None)
        siblings = list(
            LessonPage.objects.live().sibling_of(self).order_by("path").only("id", "title", "url_path")
        )
        index_ = next((i for i, p in enumerate(siblings) if p.pk == self.pk), 0)
        context["previous_lesson"] = siblings[index_ - 1] if index_ > 0 else None
        context["next_lesson"] = siblings[index_ + 1] if index_ + 1 < len(siblings) else None
        return context
