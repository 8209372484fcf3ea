from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="home")
class OrganisationSettings(BaseSiteSetting):
    """Who runs this training site: shown in the footer and on certificates."""

    name = models.CharField(
        _("organisation name"), max_length=200, default="kaptraining"
    )
    address = models.TextField(_("postal address"), blank=True)
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    ce_provider_statement = models.TextField(
        _("CE approval statement"),
        blank=True,
        help_text=_("Printed on CE certificates, e.g. the APA sponsor statement."),
    )
    # Trainer powers (issue 18): what a trainer may decide in their own cohorts.
    trainers_decide = models.BooleanField(
        _("trainers decide in their own cohorts"),
        default=True,
        help_text=_(
            "Trainers approve or reject external hours and sign off practicum "
            "logs of trainees active in a cohort they train, through the same "
            "steps as staff, and every decision is audit-logged. Off: staff "
            "and site supervisors only."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("contact_email"),
        FieldPanel("ce_provider_statement"),
        FieldPanel("trainers_decide"),
    ]

    class Meta:
        verbose_name = _("organisation")


class OutboundEmail(models.Model):
    """One rendered e-mail, stored in the sender's transaction and delivered
    after commit by the one mail task (core.mail.mail_deliver). A key makes a
    second send of the same message a no-op. The body is cleared once it is
    delivered: messages may carry sign-in, sign-off and calendar links."""

    key = models.CharField(max_length=300, unique=True, null=True, blank=True)
    template = models.CharField(_("template"), max_length=100)
    to = models.JSONField(_("to"), default=list)
    reply_to = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    # Extra headers a sender needs (a newsletter's List-Unsubscribe).
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"


ORGANISATION_SETTINGS_CACHE_KEY = "kap:organisation-settings"


def organisation_settings() -> OrganisationSettings:
    """The default site's organisation settings (unsaved defaults without a site).

    Kept in the cache (shared by every process) and dropped when the settings
    or a site is saved or deleted (core/receivers.py), so a page asks the
    database at most once after a change (issue 19)."""
    from django.core.cache import cache
    from wagtail.models import Site

    stored = cache.get(ORGANISATION_SETTINGS_CACHE_KEY)
    if stored is not None:
        return stored
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return OrganisationSettings(name="kaptraining")
    found = OrganisationSettings.for_site(site)
    cache.set(ORGANISATION_SETTINGS_CACHE_KEY, found, timeout=3600)
    return found
