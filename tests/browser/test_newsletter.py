"""In Chromium: a visitor signs up for the newsletter from the footer and
confirms with the link from the e-mail; the pages pass the axe scan."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from kaptraining.newsletter.models import Subscriber, SubscriberStatus
from tests.browser.a11y_helpers import assert_accessible
from tests.factories import make_home_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    # bypass_csp lets the axe-core scan inject its script; the site's CSP is
    # otherwise in force.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def test_visitor_signs_up_from_the_footer_and_confirms(live_server, page):
    make_home_page()
    mail.outbox = []
    page.goto(live_server.url + "/")
    footer = page.locator("footer")
    expect(footer.get_by_role("heading", name="Join our mailing list")).to_be_visible()
    assert_accessible(page, context="home page with the footer sign-up")

    footer.get_by_label("E-mail address").fill("visitor@example.net")
    footer.get_by_label("Your name (optional)").fill("Sam")
    footer.get_by_label("Research news").check()
    footer.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    assert_accessible(page, context="check your inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    [message] = mail.outbox
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body).group(0)
    path = link.split("/newsletter/", 1)[1]

    page.goto(f"{live_server.url}/newsletter/{path}")
    expect(page.locator("#main").get_by_text("Research news")).to_be_visible()
    assert_accessible(page, context="confirm subscription")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUBSCRIBED
    assert subscriber.topics == ["trainings", "research"]
    assert subscriber.consents.count() == 2
