"""With a real Celery worker on Redis: issuance queued while eligible, then a
reversal committed before the worker runs it, means no certificate."""

import json
import os

import pytest
import redis

from kaptraining.certificates.models import Certificate
from kaptraining.credits.services import ledger_reverse
from tests.conftest import wait_until
from tests.credits.conftest import credit
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, make_program

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _queue_idle() -> bool:
    import redis

    from kaptraining.celery import app

    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    return (
        r.llen(app.conf.task_default_queue or "celery") == 0 and r.hlen("unacked") == 0
    )


def test_worker_reversal_before_issuance_cancels_it(celery_worker_process):
    celery_worker_process.stop()  # hold the queue while the ledger changes
    program = make_program(lessons=0)
    trainee = EnrolmentFactory(cohort=CohortFactory(program=program)).trainee
    staff = UserFactory(is_staff=True)
    credit(trainee, program, "didactic", 120)
    ethics = credit(trainee, program, "ethics", 60)  # eligible now: issuance is queued
    ledger_reverse(entry=ethics, reason="Attendance was not verified", by=staff)

    celery_worker_process.start()
    wait_until(_queue_idle, timeout=60)

    assert not Certificate.objects.filter(trainee=trainee).exists()
    # The same worker does issue once the requirement is met again.
    credit(trainee, program, "ethics", 60, source_id="ethics-makeup")
    certificate = wait_until(
        lambda: Certificate.objects.filter(trainee=trainee).first(), timeout=60
    )
    assert certificate.hours_minutes == 180


def _private_pdfs(settings) -> list:
    return sorted((settings.PRIVATE_ROOT / "transcripts").rglob("*.pdf"))


def test_worker_transcript_export_delivered_twice_builds_one_file(
    celery_worker_process, settings, client
):
    from django.urls import reverse

    from kaptraining.celery import app
    from kaptraining.credits.models import TranscriptExport
    from kaptraining.credits.tasks import transcript_export_build_task

    celery_worker_process.stop()  # hold the queue to see the request wait
    program = make_program(lessons=0)
    trainee = EnrolmentFactory(cohort=CohortFactory(program=program)).trainee
    credit(trainee, program, "didactic", 60)
    client.force_login(trainee)

    asked = client.post(reverse("credits:transcript_pdf"))
    export = TranscriptExport.objects.get()
    waiting = client.get(asked["Location"])
    # The same build delivered a second time (as a redelivery would be).
    transcript_export_build_task.delay(export.pk)
    queued = redis.Redis.from_url(os.environ["REDIS_URL"]).lrange(
        app.conf.task_default_queue or "celery", 0, -1
    )
    builds = [
        m
        for m in map(json.loads, queued)
        if m["headers"]["task"] == transcript_export_build_task.name
    ]

    assert waiting["Refresh"] == "3"
    assert "Preparing your transcript…" in waiting.content.decode()
    assert len(builds) == 2

    celery_worker_process.start()
    wait_until(_queue_idle, timeout=90)
    export.refresh_from_db()
    ready = client.get(asked["Location"])
    pdf = client.get(reverse("credits:transcript_export_download", args=[export.pk]))

    assert export.status == "ready"
    assert _private_pdfs(settings) == [settings.PRIVATE_ROOT / export.file.name]
    assert "Refresh" not in ready
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_worker_transcript_export_reused_until_ledger_changes(
    celery_worker_process, settings
):
    from kaptraining.credits.exports import transcript_export_request
    from kaptraining.credits.models import TranscriptExport

    program = make_program(lessons=0)
    trainee = EnrolmentFactory(cohort=CohortFactory(program=program)).trainee
    staff = UserFactory(is_staff=True)
    credit(trainee, program, "didactic", 60)

    def built(requested_by):
        export = transcript_export_request(trainee=trainee, requested_by=requested_by)
        return wait_until(
            lambda: TranscriptExport.objects.filter(
                pk=export.pk, status="ready"
            ).first(),
            timeout=90,
        )

    first = built(trainee)
    again = built(staff)  # nothing changed: the worker serves the same file
    credit(trainee, program, "ethics", 60)
    rebuilt = built(staff)

    assert again.reused_from_id == first.pk
    assert again.file.name == first.file.name
    assert rebuilt.reused_from_id is None
    assert rebuilt.ledger_entry_count == first.ledger_entry_count + 1
    assert len(_private_pdfs(settings)) == 2
