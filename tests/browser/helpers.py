"""Steps shared by the browser tests."""

import time

from playwright.sync_api import expect

from tests.factories import PASSWORD, totp_code

_last_code_step: dict[str, int] = {}


def _fresh_code(user) -> str:
    """A TOTP code with time left to be typed in, not yet used by this user
    (allauth accepts each code once)."""
    while True:
        now = time.time()
        step = int(now) // 30
        if 30 - now % 30 > 3 and _last_code_step.get(user.email) != step:
            _last_code_step[user.email] = step
            return totp_code(user)
        time.sleep(30 - now % 30 + 0.2)


def sign_in(page, base, email, password=PASSWORD):
    """Sign in through the real login page (with the TOTP code when the person
    has an authenticator, as staff and trainers do) and wait until it worked."""
    from allauth.mfa.models import Authenticator

    from kaptraining.accounts.models import User

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    user = User.objects.get(email=email)
    if Authenticator.objects.filter(user=user, type="totp").exists():
        page.get_by_label("Code").fill(_fresh_code(user))
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
