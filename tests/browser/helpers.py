"""Steps shared by the browser tests."""

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, base, email, password=PASSWORD):
    """Sign in through the real login page and wait until it has worked."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
