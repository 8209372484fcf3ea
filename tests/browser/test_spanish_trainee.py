"""In Chromium: a signed-in trainee switches to Spanish with the header's
switcher (a button: the choice is remembered), sees the dashboard and the
profile under /es/ with lang="es", and both pass axe at both widths."""

import os

import pytest
from playwright.sync_api import expect

from kaptraining.accounts.models import User
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import (  # noqa: F401 (fixtures)
    Scanner,
    kap_program,
    scan_page,
)
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainee_switches_to_spanish_and_it_is_remembered(
    live_server,
    scan_page,  # noqa: F811
    kap_program,  # noqa: F811
):
    page = scan_page
    trainee = UserFactory(email="lucia.trainee@example.org", first_name="Lucía")
    EnrolmentFactory(cohort=CohortFactory(program=kap_program), trainee=trainee)
    base = live_server.url
    sign_in(page, base, trainee.email)
    page.goto(f"{base}/dashboard/")

    page.get_by_role("button", name="Español").click()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.url == f"{base}/es/dashboard/"
    assert User.objects.get(pk=trainee.pk).language == "es"
    shots = os.environ.get("KAP_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/trainee-dashboard-es.png", full_page=True)
    scan = Scanner(page)
    scan.check("trainee dashboard (es)")
    page.goto(f"{base}/es/accounts/profile/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    scan.check("profile (es)")
    if shots:
        page.screenshot(path=f"{shots}/trainee-profile-es.png", full_page=True)
    scan.assert_clean()
