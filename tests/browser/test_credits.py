"""In Chromium: a trainee submits hours earned elsewhere from the dashboard
panel; staff approve them; the trainee's progress counts them."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    UserFactory,
    make_home_page,
    make_program,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_external_hours_submitted_approved_and_counted(live_server, page, browser):
    program = make_program(make_home_page(), lessons=0)
    trainee = EnrolmentFactory(
        cohort=CohortFactory(program=program), trainee=UserFactory(first_name="Ines")
    ).trainee
    staff = UserFactory(is_staff=True)
    base = live_server.url

    # The dashboard panel shows the requirement, the window and what is missing.
    sign_in(page, base, trainee.email)
    expect(page.get_by_role("heading", name="Welcome, Ines")).to_be_visible()
    expect(page.get_by_text("0 / 3 hours").first).to_be_visible()
    expect(page.get_by_text("days left: hours count until")).to_be_visible()
    expect(page.get_by_text("1 more hour of ethics and law")).to_be_visible()

    # Submit an hour and a half of ethics earned elsewhere, with evidence.
    page.get_by_role("link", name="Submit hours earned elsewhere").click()
    page.get_by_label("Category").select_option("ethics")
    page.get_by_label("Hours").fill("1.5")
    page.get_by_label("Activity title").fill("Ethics in psychedelic care")
    page.get_by_label("Provider").fill("Another institute")
    page.get_by_label("Date completed").fill(
        (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    )
    page.get_by_label("Evidence").set_input_files(
        {
            "name": "certificate.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4\n% test\n",
        }
    )
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Your hours are pending review by staff.")).to_be_visible()
    expect(page.get_by_text("1.5 hours are waiting for staff approval")).to_be_visible()

    # Staff approve in their own browser session.
    staff_page = browser.new_context().new_page()
    sign_in(staff_page, base, staff.email)
    staff_page.goto(f"{base}/hours/review/")
    staff_page.get_by_role("link", name="Ethics in psychedelic care").click()
    staff_page.get_by_label("Approve").check()
    staff_page.get_by_role("button", name="Save decision").click()
    expect(staff_page.get_by_text("Approved: the hours now count")).to_be_visible()

    # The trainee's ethics minimum is now met by the approved hours.
    page.reload()
    expect(page.get_by_text("Approved", exact=True)).to_be_visible()
    expect(page.get_by_text("1.5 / 1 hours")).to_be_visible()
    expect(page.get_by_text("1.5 / 3 hours")).to_be_visible()


def test_transcript_pdf_is_prepared_then_downloaded(live_server, page):
    """Download as PDF leads to a page that refreshes itself (no JavaScript
    needed) until the task has built the file, then offers it."""
    from kaptraining.credits.exports import transcript_export_build
    from kaptraining.credits.models import TranscriptExport
    from kaptraining.credits.services import ledger_credit

    program = make_program(make_home_page(), lessons=0)
    trainee = EnrolmentFactory(
        cohort=CohortFactory(program=program),
        trainee=UserFactory(first_name="Ines", last_name="Okafor"),
    ).trainee
    ledger_credit(
        trainee=trainee,
        program=program,
        category="ethics",
        minutes=60,
        source="adjustment",
        source_id="browser-1",
        description="Ethics workshop",
    )
    base = live_server.url
    sign_in(page, base, trainee.email)

    # Tasks run eagerly here, so the export is ready on arrival.
    page.goto(f"{base}/hours/transcript/")
    page.get_by_role("button", name="Download as PDF").click()
    expect(page.get_by_text("Your transcript was prepared on")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    download = info.value
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert download.suggested_filename == "transcript-ines-okafor.pdf"

    # A request still being prepared: the page checks again by itself.
    waiting = TranscriptExport.objects.create(trainee=trainee, requested_by=trainee)
    page.goto(f"{base}/hours/transcript/exports/{waiting.pk}/")
    expect(page.get_by_text("Preparing your transcript…")).to_be_visible()
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    transcript_export_build(export_id=waiting.pk)
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible(
        timeout=10_000
    )
