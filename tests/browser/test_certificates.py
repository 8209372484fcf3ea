"""In Chromium: a certified trainee finds the certificate on the dashboard,
downloads the digital badge, and anyone can verify the number with the
public form; after revocation the same check says so."""

import json
import re

import pytest
from playwright.sync_api import expect

from kaptraining.certificates.services import certificate_issue, certificate_revoke
from tests.browser.helpers import sign_in
from tests.factories import UserFactory, make_home_page, make_program
from tests.factories.certificates import make_eligible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ensure_wagtail_root():
    # A flushed (transactional) database has lost Wagtail's root page and locale.
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="en")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))


def test_trainee_downloads_badge_and_public_verifies_number(
    live_server, page, browser, tmp_path
):
    _ensure_wagtail_root()
    program = make_program(make_home_page(), lessons=0)
    trainee = UserFactory(
        first_name="Jordan", last_name="Reyes", certificate_name="Jordan Reyes, LMFT"
    )
    make_eligible(trainee, program)
    certificate, _ = certificate_issue(trainee=trainee, program=program)
    base = live_server.url

    sign_in(page, base, trainee.email)
    expect(page.get_by_role("heading", name="My certificates")).to_be_visible()
    # Since issue 18 the home shows the certificate twice: in the program's
    # region and in the certificates list. Use the program's region.
    title = re.escape(program.title)
    region = page.get_by_role("region", name=re.compile(rf"^{title} ·"))
    expect(region.get_by_text(certificate.number)).to_be_visible()
    expect(page.get_by_text(certificate.number)).to_have_count(2)

    with page.expect_download() as download_info:
        region.get_by_role(
            "link", name="Download digital badge (Open Badges 3.0)"
        ).click()
    path = tmp_path / "badge.json"
    download_info.value.save_as(path)
    assert (
        json.loads(path.read_text())["credentialSubject"]["achievement"]["name"]
        == "Certified KAP Practitioner"
    )

    # A prescriber, not signed in, types the number from the paper certificate.
    visitor = browser.new_page()
    visitor.goto(f"{base}/verify/")
    visitor.get_by_label("Certificate number").fill(certificate.number.lower())
    visitor.get_by_role("button", name="Verify").click()
    expect(
        visitor.get_by_role("heading", name="This certificate is valid.")
    ).to_be_visible()
    expect(visitor.get_by_text("Jordan Reyes, LMFT")).to_be_visible()

    certificate_revoke(certificate=certificate, reason="Licence surrendered")
    visitor.reload()
    expect(
        visitor.get_by_role("heading", name="This certificate has been revoked.")
    ).to_be_visible()
    expect(visitor.get_by_text("Licence surrendered")).to_have_count(0)

    visitor.goto(f"{base}/verify/")
    visitor.get_by_role("button", name="Verify").click()
    expect(visitor.get_by_role("alert")).to_contain_text(
        "Enter a certificate number as printed"
    )
    visitor.close()
