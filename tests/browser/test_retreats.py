"""In Chromium: a visitor reads the retreat page, a trainee registers with
lodging (the form with its errors, then the registration and its price),
and every page passes the axe scan at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from kaptraining.retreats.models import RetreatRegistration
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import DESKTOP, Scanner, h1
from tests.factories import UserFactory, make_program
from tests.retreats.conftest import make_retreat_page, make_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scan_page(browser):
    """A page whose context bypasses the CSP, so axe-core can be injected."""
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    yield context.new_page()
    context.close()


def test_retreat_page_and_registration_meet_wcag_21_aa(live_server, scan_page):
    page = scan_page
    retreat = make_retreat_page(
        make_program(),
        title="Foundational KAP training, 4-day retreat",
        daily_schedule="<p>09:00 Teaching</p>",
        consent_required=True,
        consent_text="The experiential component includes peer practice.",
    )
    make_run(
        retreat,
        rooms=(
            ("Single room", "single", 1, 140000),
            ("Shared double", "shared", 4, 90000),
        ),
    )
    trainee = UserFactory(first_name="Ines")
    base = live_server.url
    scan = Scanner(page)

    page.goto(base + retreat.url)
    h1(page, "Foundational KAP training")
    expect(page.get_by_text("Sunshine Canyon Lodge").first).to_be_visible()
    scan.check("retreat page")

    sign_in(page, base, trainee.email)
    page.goto(base + retreat.url)
    page.get_by_role("link", name="Register for").first.click()
    h1(page, "Register")
    scan.check("registration form")
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    scan.check("registration form with errors")

    page.get_by_label("Single room").check()
    page.get_by_label("Emergency contact name").fill("Ana Ruiz")
    page.get_by_label("Emergency contact phone").fill("+1 720 555 0199")
    page.get_by_label("I have read the statement above").check()
    page.get_by_role("button", name="Register").click()
    h1(page, "Your retreat registration")
    expect(page.get_by_text("$6,200.00")).to_be_visible()
    scan.check("registration")
    scan.assert_clean()
    assert RetreatRegistration.objects.get().status == "registered"
