"""In Chromium: a visitor searches the directory by ZIP code and a filter,
opens a listing and sends the practitioner a message."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from kaptraining.curriculum.models import ProgramPage
from kaptraining.directory.models import DirectoryPage
from tests.factories import make_home_page
from tests.factories.directory import published_listing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_practitioner_and_sends_message(live_server, page, settings):
    settings.DIRECTORY_CONTACT_MIN_SECONDS = 1
    home = make_home_page()
    program = home.add_child(
        instance=ProgramPage(title="KAP", slug="kap", required_hours=1)
    )
    directory = home.add_child(
        instance=DirectoryPage(title="Find a practitioner", slug="directory")
    )
    spanish = published_listing(
        program,
        display_name="Emery Castillo",
        zip_code="94110",
        with_terms=[("language", "spanish"), ("language", "english")],
    )
    published_listing(
        program,
        display_name="Quinn Albright",
        zip_code="94103",
        with_terms=[("language", "english")],
    )
    published_listing(
        program, display_name="Far Away", zip_code="10001", city="New York", state="NY"
    )

    page.goto(live_server.url + directory.url)
    page.get_by_label("ZIP code").fill("94110")
    page.get_by_label("Within (miles)").fill("10")
    page.get_by_text("More filters").click()
    page.get_by_label("Spanish").check()
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("status")).to_contain_text("1 practitioner found")
    expect(page.get_by_role("link", name="Emery Castillo")).to_be_visible()
    expect(page.get_by_text("Quinn Albright")).to_have_count(0)
    expect(page.get_by_text("Far Away")).to_have_count(0)
    assert "zip=94110" in page.url and "language=spanish" in page.url  # shareable

    page.get_by_role("link", name="Emery Castillo").click()
    expect(page.get_by_role("heading", name="Emery Castillo, PsyD")).to_be_visible()
    expect(page.get_by_role("link", name="Verified")).to_be_visible()
    assert spanish.user.email not in page.content()

    # The footer's newsletter form (issue 17) also asks for a name: fill the
    # contact form itself.
    form = page.locator("form").filter(
        has=page.get_by_role("button", name="Send message")
    )
    form.get_by_label("Your name").fill("Jordan Lee")
    form.get_by_label("Your e-mail address").fill("jordan@example.net")
    form.get_by_label("Your message").fill("Do you offer evening integration sessions?")
    page.wait_for_timeout(1100)  # a person takes longer than the spam threshold
    form.get_by_role("button", name="Send message").click()

    expect(page.get_by_text("Your message was sent to Emery Castillo.")).to_be_visible()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [spanish.user.email]
    assert mail.outbox[0].reply_to == ["jordan@example.net"]
    assert "evening integration sessions" in mail.outbox[0].body
