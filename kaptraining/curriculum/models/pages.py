"""The curriculum as Wagtail pages: Program > Course > Module > Lesson."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from kaptraining.core.categories import Category

from ..blocks import LessonBodyBlock, QuestionBankBlock

# Apps above curriculum add what they know about the viewer to its pages'
# context through this Wagtail hook, `fn(page, request) -> dict` (study adds
# the outline, locks and ticks, quiz state...). Curriculum imports none of them.
PAGE_CONTEXT_HOOK = "curriculum_page_context"


def _with_hooks(page, request, context):
    for fn in hooks.get_hooks(PAGE_CONTEXT_HOOK):
        context.update(fn(page, request))
    return context


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
    electives_required = models.PositiveSmallIntegerField(
        _("electives to choose"),
        default=0,
        help_text=_(
            "Trainees choose this many of the program's elective courses; an elective "
            "counts once all of its lessons are complete. 0 leaves every elective open."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("award_title"),
                FieldRowPanel(
                    [FieldPanel("required_hours"), FieldPanel("window_months")]
                ),
                FieldPanel("electives_required"),
                InlinePanel("category_requirements", label=_("Hours by category")),
            ],
            heading=_("Requirements"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["curriculum.CoursePage"]

    class Meta:
        verbose_name = _("program")

    @property
    def required_minutes(self) -> int:
        return self.required_hours * 60

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["requirements"] = self.category_requirements.all()
        return _with_hooks(self, request, context)

    def route(self, request, path_components):
        """A course, module or lesson below the program in one query by its URL
        path, where Wagtail walks the tree with two queries a level (issue 19).
        The same answer as the walk: the live page of that type at that path
        (the types are fixed by subpage_types); anything else goes to Wagtail's
        own routing (and its 404). The program rides along on the page, so its
        views need not look it up again."""
        model = {1: CoursePage, 2: ModulePage, 3: LessonPage}.get(len(path_components))
        if model is not None:
            page = (
                model.objects.live()
                .filter(
                    slug=path_components[-1],
                    url_path=self.url_path + "/".join(path_components) + "/",
                    depth=self.depth + len(path_components),
                    path__startswith=self.path,
                )
                .first()
            )
            if page is not None:
                page.route_program = self
                if len(path_components) == 1:
                    page._cached_parent_obj = self  # treebeard's get_parent()
                return RouteResult(page)
        return super().route(request, path_components)


class ProgramCategoryRequirement(Orderable):
    """Minimum (and optional cap) of hours in one category for a program."""

    program = ParentalKey(
        ProgramPage, on_delete=models.CASCADE, related_name="category_requirements"
    )
    category = models.CharField(max_length=32, choices=Category.choices)
    min_hours = models.PositiveIntegerField(_("minimum hours"), default=0)
    cap_hours = models.PositiveIntegerField(
        _("maximum hours that count"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no cap. Hours above the cap do not count."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("category"), FieldPanel("min_hours"), FieldPanel("cap_hours")]
        )
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["program", "category"], name="uniq_program_category"
            ),
            models.CheckConstraint(
                condition=models.Q(cap_hours__isnull=True)
                | models.Q(cap_hours__gte=models.F("min_hours")),
                name="cap_not_below_min",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.min_hours} h"


class CoursePage(Page):
    """A group of modules (e.g. "Foundations", or an elective)."""

    summary = models.CharField(max_length=300, blank=True)
    is_elective = models.BooleanField(default=False)
    evaluation_required = models.BooleanField(
        _("evaluation required before hours count"),
        default=False,
        help_text=_(
            "Hours from this course's lessons count once the "
            "trainee submits its evaluation."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("is_elective"), FieldPanel("evaluation_required")]),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["curriculum.ProgramPage"]
    subpage_types = ["curriculum.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return _with_hooks(self, request, context)


class ModulePage(Page):
    summary = models.CharField(max_length=300, blank=True)
    release_week = models.PositiveIntegerField(
        _("released in week"),
        default=0,
        help_text=_(
            "Weeks after the cohort starts when this module opens (0 = from the start)."
        ),
    )
    prerequisites = ParentalManyToManyField(
        "curriculum.ModulePage",
        blank=True,
        symmetrical=False,
        related_name="unlocks",
        help_text=_(
            "Modules whose lessons must all be complete before this one opens."
        ),
    )
    post_test_required = models.BooleanField(
        _("post-test required before hours count"),
        default=False,
        help_text=_(
            "Home-study credit: hours from this module's "
            "lessons count once the trainee "
            "passes a quiz in this module."
        ),
    )
    evaluation_required = models.BooleanField(
        _("evaluation required before hours count"), default=False
    )
    question_bank = StreamField(
        QuestionBankBlock(),
        blank=True,
        help_text=_("Questions for the quizzes placed in this module's lessons."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("release_week"), FieldPanel("prerequisites")],
            heading=_("When it opens"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("post_test_required"),
                        FieldPanel("evaluation_required"),
                    ]
                ),
                FieldPanel("question_bank"),
            ],
            heading=_("Quiz and credit"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["curriculum.CoursePage"]
    subpage_types = ["curriculum.LessonPage"]

    class Meta:
        verbose_name = _("module")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return _with_hooks(self, request, context)


class LessonTag(TaggedItemBase):
    content_object = ParentalKey(
        "curriculum.LessonPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LessonPage(Page):
    """A unit of study that credits minutes in one category when completed."""

    category = models.CharField(
        max_length=32, choices=Category.choices, default=Category.DIDACTIC
    )
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
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def get_program(self) -> ProgramPage | None:
        routed = getattr(self, "route_program", None)  # set by ProgramPage.route
        if routed is not None:
            return routed
        return ProgramPage.objects.filter(path=self.path[: -3 * self.steplen]).first()

    def quiz_block(self):
        """The lesson's quiz (a lesson holds at most one), or None."""
        return next((block for block in self.body if block.block_type == "quiz"), None)

    def get_context(self, request, *args, **kwargs):
        # Serving is gated by study's before_serve_page hook (lessons are for
        # enrolled trainees, their trainers and staff); see study/wagtail_hooks.py.
        context = super().get_context(request, *args, **kwargs)
        return _with_hooks(self, request, context)
