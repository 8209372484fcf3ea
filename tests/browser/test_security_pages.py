"""In Chromium: the pages issue 14 added meet WCAG 2.1 AA at desktop and phone
widths (axe-core) — the roster invitations (the trainer's list, the invited
person's answer page) and the refusal shown for odd input."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.invitations import invitation_token
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import (  # noqa: F401  (fixtures)
    Scanner,
    h1,
    kap_program,
    scan_page,
)
from tests.factories import CohortFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invitation_pages_meet_wcag_21_aa(
    live_server,
    scan_page,  # noqa: F811  (the fixtures imported above)
    kap_program,  # noqa: F811
    tmp_path,
):
    page, base = scan_page, live_server.url
    cohort = CohortFactory(program=kap_program, name="Spring cohort")
    trainer = UserFactory(is_trainer=True, first_name="Rosa", last_name="Delgado")
    cohort.trainers.add(trainer)
    invited = UserFactory(first_name="Noor", last_name="Haddad")
    invitation = cohort.invitations.create(
        email=invited.email,
        first_name="Noor",
        last_name="Haddad",
        invited_by=trainer,
        expires_at=timezone.now() + datetime.timedelta(days=21),
    )
    scan = Scanner(page)

    sign_in(page, base, trainer.email)
    page.goto(f"{base}/cohorts/{cohort.pk}/manage/import/")
    h1(page, "Import trainees into Spring cohort")
    expect(page.get_by_role("cell", name="Waiting for an answer")).to_be_visible()
    page.screenshot(path=str(tmp_path / "roster-import.png"), full_page=True)
    scan.check("roster import with invitations")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, invited.email)
    page.goto(f"{base}/cohorts/invitations/{invitation_token(invitation)}/")
    h1(page, "Invitation to Spring cohort")
    expect(
        page.get_by_role("button", name="Accept and join the cohort")
    ).to_be_visible()
    page.screenshot(path=str(tmp_path / "invitation.png"), full_page=True)
    scan.check("invitation")

    page.goto(f"{base}/cohorts/invitations/not-a-real-link/")
    expect(page.get_by_role("alert")).to_contain_text("not valid")
    scan.check("invitation link not valid")

    page.goto(f"{base}/verify/?number=%C2%B2")
    h1(page, "We could not accept that request")
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    scan.check("odd input refused")

    scan.assert_clean()
