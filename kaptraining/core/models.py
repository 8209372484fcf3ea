from django.db import models
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

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("contact_email"),
        FieldPanel("ce_provider_statement"),
    ]

    class Meta:
        verbose_name = _("organisation")
