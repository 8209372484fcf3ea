"""Hour categories a program counts separately (see DOMAIN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    DIDACTIC = "didactic", _("Didactic")
    EXPERIENTIAL = "experiential", _("Experiential / retreat")
    PRACTICUM = "practicum", _("Observational practicum")
    MENTORSHIP = "mentorship", _("Mentorship / consultation")
    CONSENT_PRACTICE = "consent_practice", _("Consent-conversation practice")
    ETHICS = "ethics", _("Ethics and law")
    ELECTIVE = "elective", _("Electives")
