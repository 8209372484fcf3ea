"""The public provider directory: opt-in listings of certified practitioners."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from kaptraining.accounts.models import Profession
from kaptraining.accounts.states import US_STATES
from kaptraining.certificates.models import Certificate, CertificateStatus
from kaptraining.core.storage import private_storage

from .admin_forms import DirectoryPageForm
from .geo import normalise_zip, zip_point


class EnglishSearchVector(models.Func):
    """to_tsvector('english', text) on PostgreSQL, where it is immutable and so
    can define a stored generated column; the text itself elsewhere."""

    template = "to_tsvector('english'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Changes requested")


class Role(models.TextChoices):
    PRESCRIBER = "prescriber", _("Prescriber")
    THERAPIST = "therapist", _("Therapist")


class Vocabulary(models.TextChoices):
    """The multi-valued fields of a listing; each is a small list staff maintain."""

    LICENCE = "licence", _("Licence types")
    SERVICE = "service", _("Services")
    ROUTE = "route", _("Routes offered")
    POPULATION = "population", _("Populations served")
    CONDITION = "condition", _("Conditions")
    LANGUAGE = "language", _("Languages")
    INSURANCE = "insurance", _("Insurance accepted")
    ACCESS = "access", _("Access")
    # Self-described identity (IDENTITY_VOCABULARIES): opt-in, see below.
    RACE_ETHNICITY = "race_ethnicity", _("Race or ethnicity")
    GENDER = "gender", _("Gender identity")
    LGBTQ = "lgbtq", _("LGBTQ+ identity or affirming practice")
    FAITH = "faith", _("Faith or spiritual tradition")
    VETERAN = "veteran", _("Veteran status")
    LIVED_EXPERIENCE = "lived_experience", _("Lived experience")


# What a practitioner may say about themselves. Every choice is theirs (never
# inferred), may be put in their own words (Listing.identity_words), and is
# shown, searchable and filterable only while they share it (show_identity):
# Listing.public_terms / shared_identity, the API, and the search filter all
# check that one flag.
IDENTITY_VOCABULARIES = (
    Vocabulary.RACE_ETHNICITY,
    Vocabulary.GENDER,
    Vocabulary.LGBTQ,
    Vocabulary.FAITH,
    Vocabulary.VETERAN,
    Vocabulary.LIVED_EXPERIENCE,
)
IDENTITY_KEYS = frozenset(v.value for v in IDENTITY_VOCABULARIES)


class Term(models.Model):
    """One choice in a vocabulary, e.g. Languages › Spanish. Filters use slugs."""

    vocabulary = models.CharField(_("list"), max_length=16, choices=Vocabulary.choices)
    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["vocabulary", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary", "slug"], name="directory_term_unique_slug"
            )
        ]
        verbose_name = _("directory choice")
        verbose_name_plural = _("directory choices")

    def __str__(self):
        return f"{self.get_vocabulary_display()}: {self.name}"

    @property
    def label(self) -> str:
        """The name in the reader's language where the catalogue has it
        (term_names.py marks the starting choices)."""
        return gettext(self.name)


def current_certificate_for(user_ref):
    """The holder's current program certificate that lasts longest (one that
    never expires first). A CE certificate alone does not make a practitioner."""
    return (
        Certificate.objects.filter(
            trainee=user_ref, status=CertificateStatus.VALID, program__isnull=False
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .order_by(F("expires_at").desc(nulls_first=True), "-issued_at", "-pk")
    )


def refresh_certification(listings=None) -> int:
    """Point listings at their holders' current certificates. Called in the same
    transaction as every certificate save (see apps.py), so a revocation and
    the unlisting commit together; the nightly task repairs anything written
    behind the model's back. Returns the number of listings updated."""
    listings = Listing.objects.all() if listings is None else listings
    best = current_certificate_for(OuterRef("user_id"))
    return listings.update(
        certificate=Subquery(best.values("pk")[:1]),
        certified_until=Subquery(best.values("expires_at")[:1]),
    )


class ListingQuerySet(models.QuerySet):
    def published(self):
        """Approved, with a current certificate. The listing carries its
        holder's certificate and expiry (kept by refresh_certification), and the
        expiry is compared with the clock here: expiry removes a listing the
        second it passes, revocation as it commits, and renewal restores it."""
        return (
            self.filter(status=ListingStatus.APPROVED, certificate__isnull=False)
            .exclude(freshness=Freshness.HIDDEN)
            .filter(
                Q(certified_until__isnull=True)
                | Q(certified_until__gt=timezone.now())
            )
            .annotate(
                certificate_number=Subquery(
                    Certificate.objects.filter(pk=OuterRef("certificate_id")).values(
                        "number"
                    )[:1]
                )
            )
        )


# Kept by refresh_certification alone, never by Listing.save().
CERTIFICATION_FIELDS = ("certificate", "certified_until")

# Changing any of these sends an approved listing back to staff review; the
# rest (availability, fees, insurance) the practitioner may change freely.
KEY_FIELDS = (
    "display_name",
    "credentials",
    "profession",
    "role",
    "works_with_partner_prescriber",
    "practice_name",
    "address_line",
    "city",
    "state",
    "zip_code",
    "in_person",
    "telehealth",
    "specialities",
    "bio",
    "photo",
    "identity",
    "cultural_background",
    "show_identity",
    "identity_words",
    "bio_long",
    "bio_es",
    "first_session",
    "photo_alt",
)

# A listing's "accepting new clients" is confirmed by its practitioner every
# CONFIRM_EVERY_DAYS; unconfirmed, it is marked stale after STALE_AFTER_DAYS
# and hidden after HIDE_AFTER_DAYS (directory.listings_review_freshness).
CONFIRM_EVERY_DAYS = 90
STALE_AFTER_DAYS = CONFIRM_EVERY_DAYS + 14
HIDE_AFTER_DAYS = CONFIRM_EVERY_DAYS + 30


class Freshness(models.TextChoices):
    CURRENT = "current", _("Confirmed")
    STALE = "stale", _("Not confirmed recently")
    HIDDEN = "hidden", _("Hidden until confirmed")


class Listing(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="directory_listing",
    )
    display_name = models.CharField(_("display name"), max_length=200)
    credentials = models.CharField(
        _("credentials"),
        max_length=100,
        blank=True,
        help_text=_("For example PsyD, LMFT."),
    )
    profession = models.CharField(
        _("profession"), max_length=32, choices=Profession.choices
    )
    role = models.CharField(
        _("prescriber or therapist"),
        max_length=16,
        choices=Role.choices,
        default=Role.THERAPIST,
    )
    works_with_partner_prescriber = models.BooleanField(
        _("works with a partner prescriber"), default=False
    )
    practice_name = models.CharField(_("practice name"), max_length=200, blank=True)
    address_line = models.CharField(
        _("street address"),
        max_length=200,
        blank=True,
        help_text=_("Shown publicly. Leave empty if you only offer telehealth."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    telehealth = models.BooleanField(_("offers telehealth"), default=False)
    in_person = models.BooleanField(_("sees clients in an office"), default=True)
    terms = models.ManyToManyField(
        Term, through="ListingTerm", blank=True, related_name="listings"
    )
    specialities = models.CharField(
        _("specialities"),
        max_length=300,
        blank=True,
        help_text=_(
            "Approaches and focus areas, separated by commas (for example IFS, grief)."
        ),
    )
    fee_min_cents = models.PositiveIntegerField(
        _("lowest fee per session (cents)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_00)],
    )
    fee_max_cents = models.PositiveIntegerField(
        _("highest fee per session (cents)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_00)],
    )
    sliding_scale = models.BooleanField(_("sliding-scale fees"), default=False)
    accepting_clients = models.BooleanField(_("accepting new clients"), default=True)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    bio_long = models.TextField(
        _("about my practice (long bio)"), max_length=6000, blank=True
    )
    first_session = models.TextField(
        _("what a first session looks like"), max_length=2000, blank=True
    )
    bio_es = models.TextField(
        _("short bio in Spanish"),
        max_length=2000,
        blank=True,
        help_text=_("Optional. Shown instead of the short bio on the Spanish site."),
    )
    photo_alt = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_(
            "Describe your photo for people who use screen readers, "
            "for example: smiling woman with short grey hair in a garden."
        ),
    )
    superbills = models.BooleanField(
        _("provides superbills for out-of-network reimbursement"), default=False
    )
    sliding_scale_bands = models.TextField(
        _("sliding-scale bands"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Optional. One band per line, for example: "
            "Household income under $40,000: $60 per session."
        ),
    )
    accepting_confirmed_at = models.DateTimeField(
        _("availability last confirmed"), default=timezone.now
    )
    confirm_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    freshness = models.CharField(
        max_length=8,
        choices=Freshness.choices,
        default=Freshness.CURRENT,
        editable=False,
    )
    # Self-described identity in the practitioner's own words, by identity
    # vocabulary ({"gender": "Two-spirit"}); shown instead of the chosen terms.
    identity_words = models.JSONField(default=dict, blank=True)
    # Kept in step by save(); the database derives search_vector from it.
    search_text = models.TextField(blank=True, default="", editable=False)
    # Stored, so a search does not re-parse every candidate's text; PostgreSQL
    # indexes it with GIN (migration 0005). SQLite keeps a plain copy unused.
    search_vector = models.GeneratedField(
        expression=EnglishSearchVector("search_text"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    photo = models.ImageField(
        _("photo"), storage=private_storage, upload_to="directory/photos/", blank=True
    )
    identity = models.CharField(
        _("identity (self-described)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional. In your own words, for example gender, sexuality, disability."
        ),
    )
    cultural_background = models.CharField(
        _("cultural background (self-described)"),
        max_length=200,
        blank=True,
        help_text=_("Optional."),
    )
    show_identity = models.BooleanField(
        _("show my identity and cultural background publicly"), default=False
    )
    status = models.CharField(
        max_length=16, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    # Derived, never edited: the holder's current certificate and its expiry
    # (empty: it never expires), so that search checks certification in the
    # listing's own row instead of looking up a certificate per candidate.
    certificate = models.ForeignKey(
        "certificates.Certificate",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_until = models.DateTimeField(null=True, blank=True, editable=False)
    moderation_note = models.CharField(
        _("note to the practitioner"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_person=True) | Q(telehealth=True),
                name="directory_listing_offers_sessions",
            ),
            models.CheckConstraint(
                condition=Q(fee_min_cents__isnull=True)
                | Q(fee_max_cents__isnull=True)
                | Q(fee_min_cents__lte=models.F("fee_max_cents")),
                name="directory_listing_fee_range",
            ),
        ]
        indexes = [
            # Radius search: a bounding box on latitude then longitude.
            models.Index(
                fields=["latitude", "longitude"], name="directory_listing_latlng"
            ),
            # What the public can see, by name: the directory's first page.
            models.Index(
                fields=["display_name", "id"],
                include=["certified_until"],
                condition=Q(status="approved", certificate__isnull=False)
                & ~Q(freshness="hidden"),
                name="directory_listing_live_name",
            ),
            # Counting matches of the yes/no, role and fee filters (issue 21's
            # benchmark): read from this index alone, never from the table.
            models.Index(
                fields=["certified_until"],
                include=[
                    "sliding_scale",
                    "fee_min_cents",
                    "accepting_clients",
                    "in_person",
                    "telehealth",
                    "role",
                    "profession",
                    "works_with_partner_prescriber",
                    "show_identity",
                ],
                condition=Q(status="approved", certificate__isnull=False)
                & ~Q(freshness="hidden"),
                name="directory_listing_live_filters",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # Coordinates and the search text are derived from other fields so
        # that radius and text search are plain indexed database queries.
        self.zip_code = normalise_zip(self.zip_code)
        point = zip_point(self.zip_code)
        self.latitude = point.latitude if point else None
        self.longitude = point.longitude if point else None
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if self._state.adding:
            current = current_certificate_for(self.user_id).first()
            self.certificate = current
            self.certified_until = current.expires_at if current else None
        else:
            # Certification is written only by refresh_certification: a copy
            # of the listing loaded before a revocation must not restore it.
            if update_fields is None:
                update_fields = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key and not f.generated
                ]
            update_fields = set(update_fields) - set(CERTIFICATION_FIELDS)
            update_fields |= {"latitude", "longitude", "search_text"}
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:detail", args=[self.pk])

    def build_search_text(self) -> str:
        """What free-text search looks at; identity only when the holder shares it."""
        parts = [
            self.display_name,
            self.credentials,
            self.practice_name,
            self.specialities,
            self.bio,
        ]
        if self.show_identity:
            parts += [self.identity, self.cultural_background]
            parts += [str(v) for v in (self.identity_words or {}).values()]
        return "\n".join(part for part in parts if part)

    def public_term_groups(self) -> list[tuple[str, list[str]]]:
        """The listing's chosen terms by list, leaving out identity lists
        (shared_identity shows those). Reads the prefetched terms."""
        groups: dict[str, list[str]] = {}
        for term in self.terms.all():
            if term.vocabulary not in IDENTITY_KEYS:
                groups.setdefault(term.vocabulary, []).append(term.label)
        return [
            (v.label, groups[v.value]) for v in Vocabulary if v.value in groups
        ]

    def shared_identity(self) -> list[tuple[str, str, str]]:
        """(vocabulary, label, text) for each identity list the practitioner
        shares, in their own words where they gave them; nothing unless they
        chose to show their identity."""
        if not self.show_identity:
            return []
        chosen: dict[str, list[str]] = {}
        for term in self.terms.all():
            if term.vocabulary in IDENTITY_KEYS:
                chosen.setdefault(term.vocabulary, []).append(term.label)
        words = self.identity_words or {}
        rows = []
        for v in IDENTITY_VOCABULARIES:
            text = (words.get(v.value) or "").strip() or ", ".join(
                chosen.get(v.value, [])
            )
            if text:
                rows.append((v.value, str(v.label), text))
        return rows

    @property
    def is_stale(self) -> bool:
        return self.freshness == Freshness.STALE

    @property
    def telehealth_only(self) -> bool:
        return self.telehealth and not self.in_person

    def directory_state(self) -> str:
        """For staff: whether the public sees this listing, and if not, why."""
        if self.certificate_id is None:
            return _("Hidden: no current certificate")
        if self.certified_until is not None and self.certified_until <= timezone.now():
            return _("Hidden: certificate expired %(date)s") % {
                "date": timezone.localdate(self.certified_until).isoformat()
            }
        if self.status != ListingStatus.APPROVED:
            return _("Hidden: %(status)s") % {
                "status": self.get_status_display().lower()
            }
        if self.freshness == Freshness.HIDDEN:
            return _("Hidden: availability not confirmed since %(date)s") % {
                "date": timezone.localdate(self.accepting_confirmed_at).isoformat()
            }
        if self.certified_until is None:
            return _("Live")
        return _("Live until %(date)s") % {
            "date": timezone.localdate(self.certified_until).isoformat()
        }

    directory_state.short_description = _("in the directory")


class ListingTerm(models.Model):
    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="listing_terms"
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="listing_terms"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "term"], name="directory_listing_term_unique"
            )
        ]
        # Filters ask "which listings have term X": term first.
        indexes = [
            models.Index(fields=["term", "listing"], name="directory_term_listing")
        ]

    def __str__(self):
        return f"{self.listing_id}: {self.term_id}"


class ListingLicensure(models.Model):
    """A state the practitioner is licensed in (telehealth reaches clients there)."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="licensures"
    )
    state = models.CharField(max_length=2, choices=US_STATES)

    class Meta:
        ordering = ["state"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "state"], name="one_licensure_per_state"
            )
        ]
        indexes = [models.Index(fields=["state", "listing"])]

    def __str__(self):
        return self.state


# The filters staff can show or hide on the directory page.
FILTER_CHOICES = [
    ("location", _("ZIP code and distance")),
    ("state", _("Licensed in state (telehealth)")),
    ("format", _("In office or telehealth")),
    ("role", _("Prescriber or therapist")),
    ("profession", _("Profession")),
    # Identity lists show under "identity", access under "fees".
    *[
        (v.value, v.label)
        for v in Vocabulary
        if v.value not in IDENTITY_KEYS and v != Vocabulary.ACCESS
    ],
    ("fees", _("Fees, sliding scale and access")),
    ("accepting", _("Accepting new clients")),
    ("identity", _("Self-described identity (only what practitioners share)")),
]
DEFAULT_FILTERS = ",".join(key for key, _label in FILTER_CHOICES)


class DirectoryPage(Page):
    """The public directory; staff edit its introduction and which filters show."""

    intro = RichTextField(blank=True)
    page_size = models.PositiveIntegerField(
        default=20, validators=[MaxValueValidator(100)]
    )
    shown_filters = models.CharField(
        _("filters shown"), max_length=300, default=DEFAULT_FILTERS, blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("page_size"), FieldPanel("shown_filters")], heading=_("Search")
        ),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    search_fields = Page.search_fields
    base_form_class = DirectoryPageForm

    class Meta:
        verbose_name = _("provider directory")

    @property
    def shown_filter_keys(self) -> set[str]:
        return {key for key in self.shown_filters.split(",") if key}

    def get_context(self, request, *args, **kwargs):
        from .search import search_listings

        context = super().get_context(request, *args, **kwargs)
        context.update(
            search_listings(
                request.GET, page_size=self.page_size, shown=self.shown_filter_keys
            )
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Bad search input is answered with the page, its messages and a 400.
        if getattr(response, "context_data", None) and response.context_data.get(
            "bad_request"
        ):
            response.status_code = 400
        return response
