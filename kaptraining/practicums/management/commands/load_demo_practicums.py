"""Demo practicum and mentorship data on top of `load_demo`. Idempotent."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from cohorts.management.commands.load_demo import DOMAIN, PASSWORD
from cohorts.models import Cohort
from kaptraining.practicums.models import (
    ExternalSupervisor,
    LogStatus,
    Placement,
    PlacementStatus,
    PracticumLog,
    PracticumSite,
    SiteCapacity,
)
from kaptraining.practicums.services import practicum_log_sign_off


class Command(BaseCommand):
    help = (
        "Load demo practicum sites, a placement and session logs, then mentorship data."
    )

    def handle(self, *args, **options):
        cohort = (
            Cohort.objects.filter(program__slug="foundations-of-kap")
            .order_by("start_date")
            .first()
        )
        casey = get_user_model().objects.filter(email=f"casey@{DOMAIN}").first()
        if cohort is None or casey is None:
            self.stdout.write("Run load_demo first; no demo cohort found.")
            return
        with transaction.atomic():
            supervisor = self._supervisor()
            bayview, _cascade = self._sites(cohort, supervisor)
            self._casey(cohort, casey, bayview, supervisor)
        call_command("load_demo_mentorship", stdout=self.stdout)
        self.stdout.write(
            f"  supervisor@{DOMAIN:27} practicum supervisor at Bayview Ketamine Clinic"
        )

    def _supervisor(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=f"supervisor@{DOMAIN}",
            defaults={
                "first_name": "Priya",
                "last_name": "Raman",
                "is_supervisor": True,
                "profession": "psychiatrist",
                "licence_type": "md_do",
                "licence_state": "CA",
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user

    def _sites(self, cohort, supervisor):
        bayview, _ = PracticumSite.objects.get_or_create(
            name="Bayview Ketamine Clinic",
            defaults={
                "kind": "clinic",
                "address": "410 Grand Ave",
                "city": "Oakland",
                "state": "CA",
                "zip_code": "94610",
                "mode": "in_person",
                "description": "Sublingual and IM KAP; trainees observe "
                "preparation, dosing and integration.",
            },
        )
        bayview.supervisors.add(supervisor)
        cascade, _ = PracticumSite.objects.get_or_create(
            name="Cascade Integrative Psychiatry",
            defaults={
                "kind": "practice",
                "city": "Portland",
                "state": "OR",
                "mode": "remote",
                "description": "Remote observation of group integration circles.",
            },
        )
        ExternalSupervisor.objects.get_or_create(
            site=cascade,
            email="l.ortiz@cascade.example.org",
            defaults={"name": "Dr. Lena Ortiz"},
        )
        for site in (bayview, cascade):
            SiteCapacity.objects.get_or_create(
                site=site, cohort=cohort, defaults={"places": 4}
            )
        return bayview, cascade

    def _casey(self, cohort, casey, site, supervisor):
        placement, _ = Placement.objects.get_or_create(
            trainee=casey,
            site=site,
            cohort=cohort,
            defaults={
                "starts_on": cohort.start_date + datetime.timedelta(days=60),
                "ends_on": cohort.start_date + datetime.timedelta(days=240),
                "status": PlacementStatus.CONFIRMED,
                "requested_by": casey,
            },
        )
        if placement.logs.exists():
            return
        first = placement.starts_on + datetime.timedelta(days=7)
        signed = PracticumLog.objects.create(
            placement=placement,
            session_date=first,
            minutes=150,
            phase="dosing",
            route="sublingual",
            role="observer",
            reflection="The prescriber and therapist checked in on set and setting "
            "before the lozenge; the therapist said very little during the peak "
            "and let the music carry the session.",
        )
        practicum_log_sign_off(
            log=signed, by=supervisor, comment="Good observations on pacing."
        )
        PracticumLog.objects.create(
            placement=placement,
            session_date=first + datetime.timedelta(days=3),
            minutes=60,
            phase="integration",
            route="n_a",
            role="co_facilitator",
            status=LogStatus.SUBMITTED,
            reflection="Integration three days after dosing: themes of grief, and "
            "the client's first experience of self-compassion in months.",
        )
