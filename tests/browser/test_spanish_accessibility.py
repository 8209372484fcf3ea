"""In Chromium: the public pages in Spanish (under /es/) declare lang="es" and
meet WCAG 2.1 AA as far as axe-core can tell, at desktop and phone widths
(longer Spanish labels must still fit)."""

import pytest
from playwright.sync_api import expect

from kaptraining.certificates.models import Certificate
from tests.browser.test_accessibility import (  # noqa: F401 (fixtures)
    Scanner,
    h1,
    kap_program,
    scan_page,
)
from tests.factories.directory import published_listing
from tests.factories.payments import priced_cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_spanish_public_pages_meet_wcag_21_aa(live_server, scan_page, kap_program):  # noqa: F811
    program, page = kap_program, scan_page
    priced_cohort(program, name="Spring cohort")
    listing = published_listing(
        program,
        display_name="Emery Castillo",
        zip_code="94110",
        show_identity=True,
        bio_es="KAP en español y en inglés.",
        with_terms=[("gender", "non-binary"), ("access", "evening-hours")],
    )
    base = f"{live_server.url}/es"
    scan = Scanner(page)

    def spanish():
        expect(page.locator("html")).to_have_attribute("lang", "es")

    page.goto(f"{base}/")
    spanish()
    scan.check("home page (es)")

    page.goto(f"{base}/directory/?zip=94110&radius=25")
    expect(page.get_by_role("status")).to_contain_text("1 profesional encontrado")
    spanish()
    scan.check("directory with results (es)")

    page.goto(f"{base}/directory/?zip=00000&radius=25")
    expect(page.get_by_role("alert")).to_contain_text("código postal")
    scan.check("directory with an unknown ZIP code (es)")

    page.goto(f"{base}/directory/practitioners/{listing.pk}/")
    h1(page, "Emery Castillo")
    expect(page.get_by_text("KAP en español y en inglés.")).to_be_visible()
    spanish()
    scan.check("listing detail (es)")

    page.get_by_role("button", name="Enviar mensaje").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    scan.check("listing contact form with errors (es)")

    page.goto(f"{base}/verify/")
    h1(page, "Verificar")
    scan.check("certificate lookup (es)")

    number = Certificate.objects.get(trainee=listing.user).number
    page.goto(f"{base}/verify/{number}/")
    expect(page.get_by_text("Este certificado es válido.")).to_be_visible()
    scan.check("certificate verification (es)")

    page.goto(f"{base}/accounts/login/")
    spanish()
    scan.check("login (es)")

    page.goto(f"{base}/accounts/signup/")
    spanish()
    scan.check("sign-up (es)")

    # The switcher leads back to the same page in English.
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/accounts/signup/") and "/es/" not in page.url

    scan.assert_clean()
