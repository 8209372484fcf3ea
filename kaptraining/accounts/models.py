import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .states import US_STATES

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


class Profession(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    COUNSELLOR = "counsellor", _("Counsellor (LPC/LMHC)")
    SOCIAL_WORKER = "social_worker", _("Social worker (LCSW)")
    MFT = "mft", _("Marriage and family therapist")
    NURSE_PRACTITIONER = "nurse_practitioner", _("Psychiatric nurse practitioner")
    NURSE = "nurse", _("Nurse")
    PHYSICIAN = "physician", _("Physician")
    OTHER = "other", _("Other licensed professional")


class LicenceType(models.TextChoices):
    PHD_PSYD = "psychologist", _("Licensed psychologist (PhD/PsyD)")
    MD_DO = "md_do", _("Physician (MD/DO)")
    PMHNP = "pmhnp", _("Psychiatric-mental health NP")
    RN = "rn", _("Registered nurse")
    LPC = "lpc", _("LPC / LMHC")
    LCSW = "lcsw", _("LCSW")
    LMFT = "lmft", _("LMFT")
    PRE_LICENSED = "pre_licensed", _("Pre-licensed (associate / intern)")


PRESCRIBER_LICENCES = {LicenceType.MD_DO, LicenceType.PMHNP}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person: trainee by default; role flags add trainer, mentor, supervisor.
    Organisation staff are `is_staff` users (Wagtail admin access)."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    certificate_name = models.CharField(
        _("name on certificates"),
        max_length=200,
        blank=True,
        help_text=_("Exactly as it should be printed, with post-nominals if you wish."),
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    profession = models.CharField(
        _("profession"), max_length=32, choices=Profession.choices, blank=True
    )
    licence_type = models.CharField(
        _("licence type"), max_length=32, choices=LicenceType.choices, blank=True
    )
    licence_state = models.CharField(
        _("licence state"), max_length=2, choices=US_STATES, blank=True
    )
    licence_number = models.CharField(_("licence number"), max_length=40, blank=True)
    licence_expiry = models.DateField(_("licence expiry"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/New_York",
        choices=[(tz, tz) for tz in TIME_ZONES],
    )
    # The language the person reads the site and their e-mails in, set by the
    # language switcher while signed in, at sign-up and on the profile; blank
    # means the site's default (English).
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        default="",
        choices=[("en", "English"), ("es", "Español")],
        help_text=_("The language of your e-mails and of the site when you sign in."),
    )
    is_trainer = models.BooleanField(_("trainer"), default=False)
    is_mentor = models.BooleanField(_("mentor"), default=False)
    is_supervisor = models.BooleanField(_("practicum supervisor"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.certificate_name or self.get_full_name() or self.email

    @property
    def is_pre_licensed(self) -> bool:
        return self.licence_type == LicenceType.PRE_LICENSED

    @property
    def is_prescriber(self) -> bool:
        return self.licence_type in PRESCRIBER_LICENCES
