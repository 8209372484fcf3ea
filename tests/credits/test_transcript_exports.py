"""Transcript PDFs built by a task: request, status page, download, reuse,
failure and retry, and who may see which export. Tasks run eagerly here (after
commit, as in dev); tests/credits/test_worker.py runs them on a real worker."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaptraining.credits.exports import transcript_export_build
from kaptraining.credits.models import ExportStatus, TranscriptExport
from tests.conftest import pdf_text
from tests.credits.conftest import credit
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, make_program

pytestmark = pytest.mark.django_db


def ask(client, capture, url=None, **data):
    """POST the Download PDF form and run the after-commit build (eager)."""
    with capture(execute=True):
        response = client.post(url or reverse("credits:transcript_pdf"), data)
    return response


def download(client, export) -> bytes:
    response = client.get(
        reverse("credits:transcript_export_download", args=[export.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def private_pdfs(settings) -> list:
    return sorted((settings.PRIVATE_ROOT / "transcripts").rglob("*.pdf"))


# --- The flow, eagerly ---------------------------------------------------------


def test_export_eager_request_is_ready_and_pdf_names_trainee(
    client, setup, settings, tmp_path, django_capture_on_commit_callbacks
):
    setup.trainee.first_name, setup.trainee.last_name = "Ines", "Okafor"
    setup.trainee.save()
    entry = credit(setup.trainee, setup.program, "ethics", 60)
    client.force_login(setup.trainee)

    response = ask(client, django_capture_on_commit_callbacks)
    export = TranscriptExport.objects.get()
    page = client.get(response["Location"])

    assert response["Location"] == reverse(
        "credits:transcript_export", args=[export.pk]
    )
    assert export.status == ExportStatus.READY
    assert (export.trainee, export.requested_by) == (setup.trainee, setup.trainee)
    assert export.program is None and export.finished_at is not None
    assert (export.ledger_last_entry_id, export.ledger_entry_count) == (entry.pk, 1)
    assert "Refresh" not in page
    assert "Download the PDF" in page.content.decode()
    data = download(client, export)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    assert "Transcript: Ines Okafor" in text
    assert setup.program.title in text
    # Kept in private storage, never under MEDIA_ROOT.
    assert private_pdfs(settings) == [settings.PRIVATE_ROOT / export.file.name]
    assert not (settings.MEDIA_ROOT / "transcripts").exists()


def test_export_pending_page_refreshes_itself_without_javascript(client, setup):
    client.force_login(setup.trainee)

    # Without running after-commit callbacks the task is never sent: pending.
    response = client.post(reverse("credits:transcript_pdf"))
    export = TranscriptExport.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    early = client.get(reverse("credits:transcript_export_download", args=[export.pk]))

    assert export.status == ExportStatus.PENDING
    assert page["Refresh"] == "3"
    assert "Preparing your transcript…" in html
    assert f'href="{reverse("credits:transcript_export", args=[export.pk])}"' in html
    assert "Check again" in html
    assert "<script" not in html
    assert early.status_code == 302
    assert early["Location"] == reverse("credits:transcript_export", args=[export.pk])


def test_export_second_click_while_pending_returns_same_request(client, setup):
    client.force_login(setup.trainee)

    first = client.post(reverse("credits:transcript_pdf"))
    second = client.post(reverse("credits:transcript_pdf"))

    assert first["Location"] == second["Location"]
    assert TranscriptExport.objects.count() == 1


def test_export_stale_pending_offers_a_new_request(client, setup, clock):
    client.force_login(setup.trainee)
    client.post(reverse("credits:transcript_pdf"))
    export = TranscriptExport.objects.get()

    clock.advance(minutes=11)
    page = client.get(reverse("credits:transcript_export", args=[export.pk]))
    html = page.content.decode()
    again = client.post(reverse("credits:transcript_pdf"))

    assert "Refresh" not in page
    assert "taking much longer than it should" in html
    assert f'action="{reverse("credits:transcript_pdf")}"' in html
    assert TranscriptExport.objects.count() == 2  # the lost one stays on record
    assert again["Location"] != reverse("credits:transcript_export", args=[export.pk])


def test_export_list_page_shows_earlier_requests(
    client, setup, django_capture_on_commit_callbacks
):
    client.force_login(setup.trainee)
    ask(client, django_capture_on_commit_callbacks)

    html = client.get(reverse("credits:transcript_pdf")).content.decode()

    export = TranscriptExport.objects.get()
    assert reverse("credits:transcript_export", args=[export.pk]) in html
    assert "All programs" in html and "Ready" in html


def test_export_other_methods_are_refused(client, setup):
    client.force_login(setup.trainee)

    response = client.delete(reverse("credits:transcript_pdf"))

    assert response.status_code == 405


# --- Reuse and rebuild -----------------------------------------------------------


def test_export_reuses_file_while_ledger_unchanged_and_rebuilds_after_credit(
    client, setup, settings, staff, django_capture_on_commit_callbacks
):
    credit(setup.trainee, setup.program, "didactic", 60)
    client.force_login(setup.trainee)
    ask(client, django_capture_on_commit_callbacks)
    client.force_login(staff)  # another person asking for the same transcript
    ask(
        client,
        django_capture_on_commit_callbacks,
        reverse("credits:trainee_transcript_pdf", args=[setup.trainee.pk]),
    )
    first, second = TranscriptExport.objects.order_by("pk")

    assert second.status == ExportStatus.READY
    assert second.requested_by == staff
    assert second.reused_from == first
    assert second.file.name == first.file.name
    assert len(private_pdfs(settings)) == 1

    added = credit(setup.trainee, setup.program, "ethics", 60)
    ask(
        client,
        django_capture_on_commit_callbacks,
        reverse("credits:trainee_transcript_pdf", args=[setup.trainee.pk]),
    )
    third = TranscriptExport.objects.order_by("pk").last()

    assert third.reused_from is None
    assert third.file.name != first.file.name
    assert (third.ledger_last_entry_id, third.ledger_entry_count) == (added.pk, 2)
    assert len(private_pdfs(settings)) == 2


def test_export_build_twice_does_not_build_again(
    setup, settings, django_capture_on_commit_callbacks
):
    from kaptraining.credits.exports import transcript_export_request

    export = transcript_export_request(
        trainee=setup.trainee, requested_by=setup.trainee
    )
    first = transcript_export_build(export_id=export.pk)
    again = transcript_export_build(export_id=export.pk)  # a redelivery

    assert first.status == again.status == ExportStatus.READY
    assert again.finished_at == first.finished_at
    assert len(private_pdfs(settings)) == 1


def test_export_of_one_program_leaves_out_the_others(
    client, setup, tmp_path, django_capture_on_commit_callbacks
):
    other = make_program(lessons=0)
    EnrolmentFactory(cohort=CohortFactory(program=other), trainee=setup.trainee)
    credit(setup.trainee, setup.program, "didactic", 60)
    credit(setup.trainee, other, "didactic", 60)
    client.force_login(setup.trainee)

    ask(client, django_capture_on_commit_callbacks, program=str(other.pk))
    export = TranscriptExport.objects.get()
    text = pdf_text(download(client, export), tmp_path)

    assert export.program == other
    assert other.title in text
    assert setup.program.title not in text


@pytest.mark.parametrize(
    "value", ["abc", "-1", "1.5", "999999", "99999999999999999999", "x１"]
)
def test_export_bad_program_is_refused(client, setup, value):
    client.force_login(setup.trainee)

    response = client.post(reverse("credits:transcript_pdf"), {"program": value})

    assert response.status_code == 400
    assert "Choose one of the programs on this transcript." in response.content.decode()
    assert not TranscriptExport.objects.exists()


def test_export_program_in_other_digits_is_refused_before_the_view(client, setup):
    """A number written only in other digits is refused by the request guard
    (kaptraining.core.middleware) for every form."""
    client.force_login(setup.trainee)

    response = client.post(reverse("credits:transcript_pdf"), {"program": "１"})

    assert response.status_code == 400
    assert "digits 0 to 9" in response.content.decode()
    assert not TranscriptExport.objects.exists()


def test_export_program_the_trainee_is_not_in_is_refused(client, setup):
    client.force_login(setup.trainee)
    elsewhere = make_program(lessons=0)

    response = client.post(
        reverse("credits:transcript_pdf"), {"program": str(elsewhere.pk)}
    )

    assert response.status_code == 400
    assert not TranscriptExport.objects.exists()


# --- Failure and retry -------------------------------------------------------------


def test_export_failed_build_shows_message_and_retry_succeeds(
    client, setup, settings, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(setup.trainee)
    good_root = settings.PRIVATE_ROOT
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("private storage cannot be created under a file")
    settings.PRIVATE_ROOT = blocker

    ask(client, django_capture_on_commit_callbacks)
    failed = TranscriptExport.objects.get()
    html = client.get(
        reverse("credits:transcript_export", args=[failed.pk])
    ).content.decode()

    assert failed.status == ExportStatus.FAILED
    assert failed.finished_at is not None and failed.error  # kept for staff
    assert "We could not prepare this PDF." in html
    assert failed.error not in html  # internals stay in the admin
    assert f'action="{reverse("credits:transcript_pdf")}"' in html
    assert "Try again" in html
    not_ready = client.get(
        reverse("credits:transcript_export_download", args=[failed.pk])
    )
    assert not_ready.status_code == 302

    settings.PRIVATE_ROOT = good_root
    retry = ask(client, django_capture_on_commit_callbacks)
    retried = TranscriptExport.objects.order_by("pk").last()

    assert retry["Location"] == reverse("credits:transcript_export", args=[retried.pk])
    assert retried.status == ExportStatus.READY
    assert download(client, retried).startswith(b"%PDF-")
    assert TranscriptExport.objects.filter(status=ExportStatus.FAILED).count() == 1


# --- Who may ask, see and download -------------------------------------------------


@pytest.fixture
def ready_export(client, setup, django_capture_on_commit_callbacks):
    credit(setup.trainee, setup.program, "didactic", 60)
    client.force_login(setup.trainee)
    ask(client, django_capture_on_commit_callbacks)
    client.logout()
    return TranscriptExport.objects.get()


def _status(client, export) -> int:
    return client.get(
        reverse("credits:transcript_export", args=[export.pk])
    ).status_code


def _download_status(client, export) -> int:
    return client.get(
        reverse("credits:transcript_export_download", args=[export.pk])
    ).status_code


def test_export_anonymous_is_sent_to_login(client, ready_export):
    for url in (
        reverse("credits:transcript_pdf"),
        reverse("credits:transcript_export", args=[ready_export.pk]),
        reverse("credits:transcript_export_download", args=[ready_export.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_export_owner_sees_and_downloads(client, setup, ready_export):
    client.force_login(setup.trainee)

    assert _status(client, ready_export) == 200
    assert _download_status(client, ready_export) == 200


def test_export_other_trainee_gets_404(client, setup, ready_export):
    other = EnrolmentFactory(cohort=setup.cohort).trainee  # even a cohort mate
    client.force_login(other)

    assert _status(client, ready_export) == 404
    assert _download_status(client, ready_export) == 404
    asked = client.post(
        reverse("credits:trainee_transcript_pdf", args=[setup.trainee.pk])
    )
    assert asked.status_code == 404
    assert TranscriptExport.objects.count() == 1


def test_export_trainer_of_another_cohort_gets_404(client, setup, ready_export):
    trainer = UserFactory(is_trainer=True)
    CohortFactory(program=setup.program).trainers.add(trainer)
    client.force_login(trainer)

    assert _status(client, ready_export) == 404
    assert _download_status(client, ready_export) == 404
    asked = client.post(
        reverse("credits:trainee_transcript_pdf", args=[setup.trainee.pk])
    )
    assert asked.status_code == 404
    assert TranscriptExport.objects.count() == 1


def test_export_trainer_of_the_cohort_may_ask_and_download(
    client, setup, ready_export, django_capture_on_commit_callbacks
):
    trainer = UserFactory(is_trainer=True)
    setup.cohort.trainers.add(trainer)
    client.force_login(trainer)

    assert _status(client, ready_export) == 200
    assert _download_status(client, ready_export) == 200
    ask(
        client,
        django_capture_on_commit_callbacks,
        reverse("credits:trainee_transcript_pdf", args=[setup.trainee.pk]),
    )
    mine = TranscriptExport.objects.order_by("pk").last()
    assert (mine.trainee, mine.requested_by) == (setup.trainee, trainer)
    assert _download_status(client, mine) == 200


def test_export_staff_may_see_any(client, setup, staff, ready_export):
    client.force_login(staff)

    assert _status(client, ready_export) == 200
    assert _download_status(client, ready_export) == 200


def test_export_trainee_own_request_through_trainee_url_is_for_self(
    client, setup, django_capture_on_commit_callbacks
):
    client.force_login(setup.trainee)

    ask(
        client,
        django_capture_on_commit_callbacks,
        reverse("credits:trainee_transcript_pdf", args=[setup.trainee.pk]),
    )

    assert TranscriptExport.objects.get().trainee == setup.trainee


# --- Query budget ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["trainee", "trainer", "staff"])
def test_export_status_page_constant_queries(client, setup, staff, who):
    from tests.credits.test_query_budget import fill_ledger

    viewer = {"trainee": setup.trainee, "staff": staff}.get(who)
    if viewer is None:
        viewer = UserFactory(is_trainer=True)
        setup.cohort.trainers.add(viewer)
    client.force_login(viewer)
    counts = []
    for n in (10, 990):
        fill_ledger(setup, n)
        export = TranscriptExport.objects.create(
            trainee=setup.trainee, requested_by=viewer
        )
        transcript_export_build(export_id=export.pk)
        url = reverse("credits:transcript_export", args=[export.pk])
        client.get(url)  # warm (the session comes from the cache afterwards)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))

    # User, the export with its trainee and program (the session comes from
    # the cache, the user bar is for staff only) and, for a trainer, one query
    # on their cohorts: the size of the ledger never shows up here.
    assert counts[0] == counts[1] <= (6 if who == "trainer" else 5)
