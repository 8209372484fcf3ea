"""In Chromium: the lesson player (captioned, accessible, played in ranges)
and the consent-practice loop (upload, score with the rubric, pass credits
hours; the pages pass the axe scan)."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

import kaptraining.demo
from kaptraining.credits.models import LedgerEntry
from kaptraining.curriculum.models import LessonMedia
from kaptraining.practice.models import ConsentAssessment, Submission
from tests.browser.a11y_helpers import assert_accessible
from tests.browser.helpers import sign_in
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    UserFactory,
    lessons_of,
    make_program,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = Path(kaptraining.demo.__file__).parent / "data" / "media"
DESKTOP = {"width": 1280, "height": 800}


def _ensure_wagtail_root():
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code="en")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.fixture
def scan_context(browser):
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    yield context
    context.close()


def test_lesson_player_is_accessible_and_plays_in_ranges(live_server, scan_context):
    _ensure_wagtail_root()
    program = make_program(lessons=1)
    lesson = lessons_of(program)[0]
    media = LessonMedia(title="Welcome", type="video")
    media.file.save(
        "welcome.mp4", ContentFile((DATA / "consent-welcome.mp4").read_bytes()), False
    )
    media.captions.save(
        "welcome.vtt",
        ContentFile((DATA / "consent-welcome.en.vtt").read_bytes()),
        False,
    )
    media.save()
    lesson.body = [
        ("video", {"media": media, "title": "Welcome", "transcript": "Welcome."})
    ]
    lesson.save_revision().publish()
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    page = scan_context.new_page()
    sign_in(page, live_server.url, enrolment.trainee.email)

    page.goto(live_server.url + lesson.url)
    video = page.locator("video[data-kap-media]")
    expect(video).to_be_visible()
    expect(video.locator("track[kind=captions]")).to_have_attribute("srclang", "en")
    assert video.get_attribute("autoplay") is None
    page.get_by_text("Transcript", exact=True).click()
    expect(page.get_by_text("Welcome.", exact=True)).to_be_visible()
    assert_accessible(page, context="lesson with a captioned video")

    src = video.locator("source").get_attribute("src")
    partial = page.request.get(live_server.url + src, headers={"Range": "bytes=0-15"})
    assert partial.status == 206
    assert partial.body()[4:8] == b"ftyp"


def test_consent_practice_loop_in_the_browser(live_server, scan_context, browser):
    _ensure_wagtail_root()
    program = make_program(lessons=1)
    assessor = UserFactory(first_name="Ada", last_name="Assessor")
    levels = [
        {"label": "Absent", "descriptor": "Not mentioned.", "points": 0},
        {"label": "Clearly", "descriptor": "Explained and checked.", "points": 2},
    ]
    assessment = ConsentAssessment.objects.create(
        program=program,
        title="Consent for a first lozenge session",
        vignette="A teacher with treatment-resistant depression.",
        setting="Outpatient office",
        route="Sublingual lozenges",
        prescriber_arrangement="An outside prescriber",
        rubric=[
            ("criterion", {"title": t, "description": "", "levels": levels})
            for t in ("Explains off-label status", "Right to stop")
        ],
        pass_threshold=4,
        borderline_margin=0,
        credited_minutes=60,
    )
    assessment.assessors.add(assessor)
    trainee = EnrolmentFactory(cohort=CohortFactory(program=program)).trainee
    base = live_server.url

    page = scan_context.new_page()
    sign_in(page, base, trainee.email)
    page.goto(base + "/consent-practice/")
    assert_accessible(page, context="consent practice home")
    page.get_by_role("link", name="Submit a role-play").click()
    assert_accessible(page, context="submit a role-play")
    page.get_by_label("Recording of the role-play").set_input_files(
        str(DATA / "consent-welcome.mp4")
    )
    page.get_by_label("The role-play is with a colleague").check()
    page.get_by_role("button", name="Send for assessment").click()
    expect(page.get_by_text("Awaiting an assessor")).to_be_visible()

    other = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    review = other.new_page()
    sign_in(review, base, assessor.email)
    review.goto(base + "/consent-practice/review/")
    review.get_by_role("link", name=trainee.get_full_name()).click()
    review.get_by_role("link", name="Score this role-play").click()
    assert_accessible(review, context="score a role-play")
    # Only the criteria's fieldsets: the footer's newsletter form (issue 17)
    # has one too.
    criteria = review.locator("fieldset").filter(
        has=review.get_by_label("Clearly", exact=False)
    )
    expect(criteria.first).to_be_visible()
    for group in criteria.all():
        group.get_by_label("Clearly", exact=False).check()
    review.get_by_label("Time-stamped feedback").fill("0:12 Named the right to stop.")
    review.get_by_label("Overall feedback").fill("Clear and warm.")
    review.get_by_role("button", name="Record the scores").click()
    expect(review.get_by_text("Passed").first).to_be_visible()
    other.close()

    page.reload()
    expect(page.get_by_text("Passed").first).to_be_visible()
    expect(page.get_by_text("Named the right to stop.")).to_be_visible()
    assert_accessible(page, context="trainee's result with rubric")
    assert Submission.objects.get().status == "passed"
    assert LedgerEntry.objects.get(trainee=trainee).category == "consent_practice"
