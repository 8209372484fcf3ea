"""In Chromium: a trainer marks attendance at a live session; the trainee then
sees the credited hours on the cohort page and in their ledger."""

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
from tests.factories.cohorts import LiveSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_trainer_marks_attendance_and_trainee_sees_hours(live_server, page):
    program = make_program(make_home_page(), lessons=0)
    cohort = CohortFactory(program=program, name="Spring cohort")
    trainer = UserFactory(is_trainer=True, first_name="Rosa")
    cohort.trainers.add(trainer)
    trainee = UserFactory(first_name="Casey", last_name="Morgan")
    EnrolmentFactory(cohort=cohort, trainee=trainee)
    LiveSessionFactory(cohort=cohort, title="Preparation webinar", credited_minutes=120)
    base = live_server.url

    sign_in(page, base, trainer.email)
    # "Cohorts I train" on the dashboard links to the trainer dashboard
    page.locator(f'a[href="/cohorts/{cohort.pk}/manage/"]').click()
    heading = page.get_by_role("heading", name="Trainer dashboard · Spring cohort")
    expect(heading).to_be_visible()
    page.get_by_role("link", name="Attendance for Preparation webinar").click()
    page.get_by_label("Attendance of Casey Morgan").select_option("late")
    page.get_by_label("Minutes attended by Casey Morgan").fill("95")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 1 changes recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="1.5 h")).to_be_visible()
    sign_out(page)

    sign_in(page, base, trainee.email)
    page.get_by_role("link", name="Cohort page: Spring cohort").click()
    expect(page.get_by_text("Late · 1.5 h credited")).to_be_visible()
    expect(page.get_by_text("Live-session credit so far: 1.5 hours.")).to_be_visible()
    page.get_by_role("link", name="See my hours").click()
    row = page.get_by_role("row", name="Preparation webinar")
    expect(row).to_contain_text("Live session attendance")
    expect(row).to_contain_text("1.5")
