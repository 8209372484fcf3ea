"""Rewrite django-celery-beat schedules from the tasks' auto-generated names
(their module paths) to the explicit names they now carry. The old names stay
routable (kaptraining.core.task_names), so a schedule this migration does not
reach still runs; this keeps staff-made schedules pointing at the real task."""

from django.db import migrations

# Frozen here: the migration must keep meaning the same thing when modules move.
RENAMES = {
    "cohorts.tasks.application_decision_email": "cohorts.application_decision_email",
    "cohorts.tasks.seat_offer_email": "cohorts.seat_offer_email",
    "cohorts.tasks.announcement_email": "cohorts.announcement_email",
    "cohorts.tasks.session_reminders_send": "cohorts.session_reminders_send",
    "cohorts.tasks.seat_offers_expire": "cohorts.seat_offers_expire",
    "cohorts.tasks.attendance_marking_run": "cohorts.attendance_marking_run",
    "cohorts.tasks.session_cancelled_email": "cohorts.session_cancelled_email",
    "kaptraining.certificates.tasks.certificate_issue_if_eligible": (
        "certificates.issue_if_eligible"
    ),
    "kaptraining.certificates.tasks.certificates_issue_for_cohort": (
        "certificates.issue_for_cohort"
    ),
    "kaptraining.certificates.tasks.certificate_reissue_task": "certificates.reissue",
    "kaptraining.certificates.tasks.certificate_issue_award_task": (
        "certificates.issue_award"
    ),
    "kaptraining.certificates.tasks.certificates_review_expiry": (
        "certificates.review_expiry"
    ),
    "kaptraining.credits.tasks.transcript_export_build_task": (
        "credits.transcript_export_build"
    ),
    "kaptraining.directory.tasks.directory_refresh_certification": (
        "directory.refresh_certification"
    ),
    "kaptraining.payments.tasks.stripe_event_process": "payments.stripe_event_process",
    "kaptraining.payments.tasks.stripe_events_retry_for": (
        "payments.stripe_events_retry_for"
    ),
    "kaptraining.payments.tasks.stripe_events_reconcile": (
        "payments.stripe_events_reconcile"
    ),
    "kaptraining.payments.tasks.account_save_card": "payments.account_save_card",
    "kaptraining.payments.tasks.instalment_charge": "payments.instalment_charge",
    "kaptraining.payments.tasks.instalments_charge_due": (
        "payments.instalments_charge_due"
    ),
}


def _rename(apps, mapping):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in mapping.items():
        PeriodicTask.objects.filter(task=old).update(task=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMES)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_site_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
