"""Views: external hours, staff review, transcripts and exports, with permissions."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kaptraining.credits.models import (
    ExternalHoursClaim,
    LedgerEntry,
    TranscriptExport,
)
from kaptraining.credits.progress import program_progress
from tests.credits.conftest import credit
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.credits import PDF_BYTES, ExternalHoursClaimFactory

pytestmark = pytest.mark.django_db


def pdf_upload(name="certificate.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def claim_data(**overrides):
    data = {
        "category": "ethics",
        "hours": "1.5",
        "activity_title": "Ethics of psychedelic care",
        "provider_name": "Another institute",
        "earned_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        "evidence": pdf_upload(),
    }
    data.update(overrides)
    return data


# --- Anonymous and other trainees ----------------------------------------------


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("credits:transcript", {}),
        ("credits:review_list", {}),
        ("credits:my_ce", {}),
    ],
)
def test_pages_anonymous_are_sent_to_login(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_my_hours_anonymous_is_sent_to_login(client, setup):
    response = client.get(reverse("credits:my_hours", args=[setup.program.pk]))
    assert response.status_code == 302


def test_my_hours_not_enrolled_is_404(client, setup):
    client.force_login(UserFactory())
    assert (
        client.get(reverse("credits:my_hours", args=[setup.program.pk])).status_code
        == 404
    )


def test_my_hours_shows_only_own_ledger(client, setup):
    other = EnrolmentFactory(cohort=setup.cohort).trainee
    from kaptraining.credits.services import ledger_credit

    ledger_credit(
        trainee=setup.trainee,
        program=setup.program,
        category="didactic",
        minutes=60,
        source="adjustment",
        source_id="mine",
        description="My own workshop",
    )
    ledger_credit(
        trainee=other,
        program=setup.program,
        category="didactic",
        minutes=60,
        source="adjustment",
        source_id="theirs",
        description="Somebody else's workshop",
    )
    client.force_login(setup.trainee)

    html = client.get(
        reverse("credits:my_hours", args=[setup.program.pk])
    ).content.decode()

    assert "My own workshop" in html
    assert "Somebody else" not in html


def test_transcript_other_trainee_is_404(client, setup):
    client.force_login(UserFactory())
    url = reverse("credits:trainee_transcript", args=[setup.trainee.pk])
    pdf_url = reverse("credits:trainee_transcript_pdf", args=[setup.trainee.pk])
    assert client.get(url).status_code == 404
    assert client.get(pdf_url).status_code == 404
    assert client.post(pdf_url).status_code == 404
    assert not TranscriptExport.objects.exists()


def test_transcript_trainer_of_cohort_may_view(client, setup):
    trainer = UserFactory(is_trainer=True)
    setup.cohort.trainers.add(trainer)
    client.force_login(trainer)
    response = client.get(
        reverse("credits:trainee_transcript", args=[setup.trainee.pk])
    )
    assert response.status_code == 200
    assert setup.trainee.display_name in response.content.decode()


def test_transcript_trainer_of_another_cohort_is_404(client, setup):
    trainer = UserFactory(is_trainer=True)
    CohortFactory(program=setup.program).trainers.add(trainer)
    client.force_login(trainer)
    assert (
        client.get(
            reverse("credits:trainee_transcript", args=[setup.trainee.pk])
        ).status_code
        == 404
    )


def test_transcript_own_shows_hours_and_pdf_renders(
    client, setup, django_capture_on_commit_callbacks
):
    """The PDF is now built by a task (eager here): asking for it leads to a
    status page, then to the file."""
    credit(setup.trainee, setup.program, "didactic", 90)
    client.force_login(setup.trainee)

    html = client.get(reverse("credits:transcript")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("credits:transcript_pdf"))
    export = TranscriptExport.objects.get()
    pdf = client.get(reverse("credits:transcript_export_download", args=[export.pk]))

    assert "1.5 / 3 hours" in html
    assert reverse("credits:transcript_pdf") in html
    assert asked.status_code == 302
    assert asked["Location"] == reverse("credits:transcript_export", args=[export.pk])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"


# --- External hours: submission --------------------------------------------------


def test_external_submit_creates_pending_claim(client, setup):
    client.force_login(setup.trainee)
    response = client.post(
        reverse("credits:external_submit", args=[setup.program.pk]), claim_data()
    )
    assert response.status_code == 302
    claim = ExternalHoursClaim.objects.get(trainee=setup.trainee)
    assert (claim.status, claim.minutes, claim.category) == ("pending", 90, "ethics")
    assert claim.evidence.read() == PDF_BYTES
    assert not LedgerEntry.objects.exists()
    page = client.get(
        reverse("credits:my_hours", args=[setup.program.pk])
    ).content.decode()
    assert "Pending approval" in page
    assert "1.5 hours are waiting for staff approval" in page


@pytest.mark.parametrize(
    "overrides,message",
    [
        (
            {"evidence": pdf_upload("virus.exe", b"MZ\x90\x00")},
            "Upload a PDF, PNG or JPEG file.",
        ),
        (
            {"evidence": pdf_upload("fake.pdf", b"<html>not a pdf")},
            "Upload a PDF, PNG or JPEG file.",
        ),
        ({"hours": "0"}, "Ensure this value is greater than or equal to 0.25."),
        ({"hours": "1.333"}, "Ensure that there are no more than 2 decimal places."),
        ({"hours": "0.33"}, "Enter hours that make whole minutes"),
        (
            {
                "earned_on": (
                    datetime.date.today() + datetime.timedelta(days=5)
                ).isoformat()
            },
            "cannot be in the future",
        ),
        ({"category": "not-a-category"}, "Select a valid choice."),
        ({"activity_title": ""}, "This field is required."),
    ],
)
def test_external_submit_bad_input_is_refused(client, setup, overrides, message):
    client.force_login(setup.trainee)
    response = client.post(
        reverse("credits:external_submit", args=[setup.program.pk]),
        claim_data(**overrides),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ExternalHoursClaim.objects.exists()


def test_external_submit_oversized_file_is_refused(client, setup, monkeypatch):
    from kaptraining.credits import forms

    monkeypatch.setattr(forms, "MAX_EVIDENCE_BYTES", 10)
    client.force_login(setup.trainee)
    response = client.post(
        reverse("credits:external_submit", args=[setup.program.pk]), claim_data()
    )
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()
    assert not ExternalHoursClaim.objects.exists()


def test_external_submit_not_enrolled_is_404(client, setup):
    client.force_login(UserFactory())
    response = client.post(
        reverse("credits:external_submit", args=[setup.program.pk]), claim_data()
    )
    assert response.status_code == 404
    assert not ExternalHoursClaim.objects.exists()


def test_evidence_owner_and_staff_only(client, setup, staff):
    claim = ExternalHoursClaimFactory(trainee=setup.trainee, program=setup.program)
    url = reverse("credits:claim_evidence", args=[claim.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(setup.trainee)
    assert b"".join(client.get(url).streaming_content) == PDF_BYTES
    client.force_login(staff)
    assert client.get(url).status_code == 200


# --- External hours: review --------------------------------------------------------


def test_review_trainee_cannot_approve(client, setup):
    claim = ExternalHoursClaimFactory(trainee=setup.trainee, program=setup.program)
    client.force_login(setup.trainee)
    assert client.get(reverse("credits:review_list")).status_code == 404
    response = client.post(
        reverse("credits:review_detail", args=[claim.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.status == "pending"
    assert not LedgerEntry.objects.exists()


def test_review_trainer_cannot_approve(client, setup):
    trainer = UserFactory(is_trainer=True)
    setup.cohort.trainers.add(trainer)
    claim = ExternalHoursClaimFactory(trainee=setup.trainee, program=setup.program)
    client.force_login(trainer)
    response = client.post(
        reverse("credits:review_detail", args=[claim.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert ExternalHoursClaim.objects.get(pk=claim.pk).status == "pending"


def test_review_staff_approve_credits_ledger_within_cap(client, setup, staff):
    from kaptraining.curriculum.models import ProgramCategoryRequirement

    ProgramCategoryRequirement.objects.create(
        program=setup.program,
        category="elective",
        min_hours=0,
        cap_hours=1,
        sort_order=9,
    )
    claim = ExternalHoursClaimFactory(
        trainee=setup.trainee, program=setup.program, category="elective", minutes=150
    )
    client.force_login(staff)

    listing = client.get(reverse("credits:review_list")).content.decode()
    response = client.post(
        reverse("credits:review_detail", args=[claim.pk]),
        {"decision": "approve", "message": "Welcome credit."},
    )

    assert claim.activity_title in listing
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.decision_message) == (
        "approved",
        staff,
        "Welcome credit.",
    )
    entry = claim.ledger_entry
    assert (entry.source, entry.minutes, entry.approved_by, entry.earned_on) == (
        "external",
        150,
        staff,
        claim.earned_on,
    )
    progress = program_progress(trainee_id=setup.trainee.pk, program=setup.program)
    elective = next(c for c in progress.categories if c.category == "elective")
    assert (elective.earned_minutes, elective.counted_minutes) == (150, 60)
    assert progress.counted_minutes == 60
    assert progress.pending_minutes == 0
    assert LogEntry.objects.get_for_object(claim).exists()


def test_review_reject_without_message_is_refused(client, setup, staff):
    claim = ExternalHoursClaimFactory(trainee=setup.trainee, program=setup.program)
    client.force_login(staff)
    response = client.post(
        reverse("credits:review_detail", args=[claim.pk]),
        {"decision": "reject", "message": " "},
    )
    assert response.status_code == 400
    assert (
        "Tell the trainee why the hours were not accepted." in response.content.decode()
    )
    assert ExternalHoursClaim.objects.get(pk=claim.pk).status == "pending"


def test_review_reject_with_message_is_shown_to_trainee(client, setup, staff):
    claim = ExternalHoursClaimFactory(trainee=setup.trainee, program=setup.program)
    client.force_login(staff)
    client.post(
        reverse("credits:review_detail", args=[claim.pk]),
        {"decision": "reject", "message": "The certificate does not show the hours."},
    )
    client.force_login(setup.trainee)
    page = client.get(
        reverse("credits:my_hours", args=[setup.program.pk])
    ).content.decode()
    assert "Not accepted" in page
    assert "The certificate does not show the hours." in page
    assert not LedgerEntry.objects.exists()


def test_review_second_decision_is_refused(client, setup, staff):
    claim = ExternalHoursClaimFactory(trainee=setup.trainee, program=setup.program)
    client.force_login(staff)
    client.post(
        reverse("credits:review_detail", args=[claim.pk]), {"decision": "approve"}
    )
    response = client.post(
        reverse("credits:review_detail", args=[claim.pk]),
        {"decision": "reject", "message": "Changed my mind"},
    )
    assert response.status_code == 409
    assert ExternalHoursClaim.objects.get(pk=claim.pk).status == "approved"
    assert LedgerEntry.objects.count() == 1


def test_review_bad_decision_value_is_refused(client, setup, staff):
    claim = ExternalHoursClaimFactory(trainee=setup.trainee, program=setup.program)
    client.force_login(staff)
    response = client.post(
        reverse("credits:review_detail", args=[claim.pk]), {"decision": "maybe"}
    )
    assert response.status_code == 400
    assert ExternalHoursClaim.objects.get(pk=claim.pk).status == "pending"


# --- Cohort CSV ---------------------------------------------------------------


def test_cohort_transcript_csv_for_trainer(client, setup):
    trainer = UserFactory(is_trainer=True)
    setup.cohort.trainers.add(trainer)
    credit(setup.trainee, setup.program, "didactic", 120)
    ExternalHoursClaimFactory(
        trainee=setup.trainee, program=setup.program, category="ethics", minutes=30
    )
    client.force_login(trainer)

    response = client.get(reverse("credits:cohort_transcript", args=[setup.cohort.pk]))

    assert response.status_code == 200
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["email"] == setup.trainee.email
    assert (
        row["didactic_hours"],
        row["counted_hours"],
        row["pending_hours"],
        row["eligible"],
    ) == ("2", "2", "0.5", "no")
    assert "1 more hour of ethics and law" in row["missing"]


def test_cohort_transcript_csv_other_users_404(client, setup):
    client.force_login(setup.trainee)
    assert (
        client.get(
            reverse("credits:cohort_transcript", args=[setup.cohort.pk])
        ).status_code
        == 404
    )


def test_csv_cells_cannot_start_a_formula(client, setup, staff):
    setup.trainee.first_name = "=HYPERLINK(evil)"
    setup.trainee.certificate_name = ""
    setup.trainee.save()
    client.force_login(staff)
    body = client.get(
        reverse("credits:cohort_transcript", args=[setup.cohort.pk])
    ).content.decode()
    assert "'=HYPERLINK(evil)" in body


def test_dashboard_panel_shows_pending_window_and_missing(client, setup):
    credit(setup.trainee, setup.program, "didactic", 60)
    ExternalHoursClaimFactory(
        trainee=setup.trainee, program=setup.program, category="ethics", minutes=60
    )
    client.force_login(setup.trainee)

    html = client.get(reverse("dashboard")).content.decode()

    assert "1 / 3 hours" in html
    assert "+1 pending" in html
    assert "1 hour is waiting for staff approval" in html
    assert "days left: hours count until" in html
    assert "1 more hour of ethics and law" in html
    assert reverse("credits:external_submit", args=[setup.program.pk]) in html


# --- Staff corrections ---------------------------------------------------------


def test_entry_reverse_staff_with_reason(client, setup, staff):
    entry = credit(setup.trainee, setup.program, "didactic", 60)
    client.force_login(staff)
    transcript = client.get(
        reverse("credits:trainee_transcript", args=[setup.trainee.pk])
    ).content.decode()
    assert reverse("credits:entry_reverse", args=[entry.pk]) in transcript

    response = client.post(
        reverse("credits:entry_reverse", args=[entry.pk]), {"reason": "Duplicate entry"}
    )

    assert response.status_code == 302
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert (reversal.minutes, reversal.reason, reversal.approved_by) == (
        -60,
        "Duplicate entry",
        staff,
    )
    again = client.post(
        reverse("credits:entry_reverse", args=[entry.pk]), {"reason": "Again"}
    )
    assert again.status_code == 409
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1


def test_entry_reverse_without_reason_is_refused(client, setup, staff):
    entry = credit(setup.trainee, setup.program, "didactic", 60)
    client.force_login(staff)
    response = client.post(
        reverse("credits:entry_reverse", args=[entry.pk]), {"reason": "   "}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not LedgerEntry.objects.filter(reverses=entry).exists()


def test_entry_reverse_trainee_and_trainer_get_404(client, setup):
    entry = credit(setup.trainee, setup.program, "didactic", 60)
    trainer = UserFactory(is_trainer=True)
    setup.cohort.trainers.add(trainer)
    for user in (setup.trainee, trainer):
        client.force_login(user)
        assert (
            client.post(
                reverse("credits:entry_reverse", args=[entry.pk]), {"reason": "Mine"}
            ).status_code
            == 404
        )
    assert not LedgerEntry.objects.filter(reverses=entry).exists()
