"""The public provider directory: opt-in listings of certified practitioners."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from kaptraining.accounts.models import Profession
from kaptraining.accounts.states import US_STATES


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Changes requested")


class ListingQuerySet(models.QuerySet):
    def published(self):
        """Approved, and the holder has a current certificate, checked at query time
        so that revocation or expiry removes a listing at once."""
        from kaptraining.certificates.models import Certificate, CertificateStatus

        current = Certificate.objects.filter(trainee=OuterRef("user_id"), status=CertificateStatus.VALID).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )
        return self.filter(status=ListingStatus.APPROVED).filter(Exists(current))


class Listing(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="directory_listing")
    display_name = models.CharField(_("display name"), max_length=200)
    credentials = models.CharField(_("credentials"), max_length=100, blank=True, help_text=_("e.g. PsyD, LMFT"))
    profession = models.CharField(_("profession"), max_length=32, choices=Profession.choices)
    practice_name = models.CharField(_("practice name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    telehealth = models.BooleanField(_("offers telehealth"), default=False)
    in_person = models.BooleanField(_("sees clients in person"), default=True)
    accepting_clients = models.BooleanField(_("accepting new clients"), default=True)
    sliding_scale = models.BooleanField(_("sliding-scale fees"), default=False)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    status = models.CharField(max_length=16, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    moderation_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name


class ListingLicensure(models.Model):
    """A state the practitioner is licensed in (telehealth reaches clients there)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="licensures")
    state = models.CharField(max_length=2, choices=US_STATES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["listing", "state"], name="one_licensure_per_state")]
        indexes = [models.Index(fields=["state", "listing"])]

    def __str__(self):
        return self.state


class DirectoryPage(Page):
    """The public directory; staff edit its introduction."""

    intro = RichTextField(blank=True)
    page_size = models.PositiveIntegerField(default=20)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("page_size")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("provider directory")

    def get_context(self, request, *args, **kwargs):
        from .search import search_listings

        context = super().get_context(request, *args, **kwargs)
        context.update(search_listings(request.GET, page_size=self.page_size))
        return context
