"""In Chromium: the pages visitors, trainees and trainers use meet WCAG 2.1 AA
as far as axe-core can tell, at desktop width and on a 375 px wide phone.

One browser context per role; every page is checked to be the page meant
(its heading) before it is scanned, so a redirect to the login page or an
error page cannot pass in its place. All failures are collected and reported
together, so one run lists everything there is to fix."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import EnrolmentStatus
from kaptraining.certificates.models import Certificate
from kaptraining.curriculum.models import ModulePage
from kaptraining.directory.models import DirectoryPage
from tests.browser.a11y_helpers import assert_accessible, violation_ids
from tests.browser.helpers import sign_in
from tests.factories import (
    EnrolmentFactory,
    LedgerEntryFactory,
    UserFactory,
    make_home_page,
    make_program,
)
from tests.factories.cohorts import LiveSessionFactory
from tests.factories.curriculum import add_quiz_lesson, set_bank, single, true_false
from tests.factories.directory import certify, published_listing
from tests.factories.payments import pending_enrolment, priced_cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


# How far the page overflows sideways, and the innermost elements that stick
# out past the viewport (outside any box that scrolls on its own).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    // Absolutely placed boxes overflow their containing block, which may lie
    // outside the scroll box they sit in.
    if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)
          && p !== document.body && p !== document.documentElement) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter(
    (el) => el.getBoundingClientRect().right > width + 0.5 && !scrolls(el));
  const innermost = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
  const name = (el) => el.tagName.toLowerCase()
    + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "")
    + " " + JSON.stringify((el.textContent || "").trim().slice(0, 40));
  return [document.documentElement.scrollWidth - width,
          innermost.slice(0, 5).map(name)];
}"""


class Scanner:
    """Scans the page as it stands at both widths and keeps every failure."""

    def __init__(self, page):
        self.page = page
        self.failures: list[str] = []
        self.scanned: list[str] = []

    def check(self, name: str, **kwargs) -> None:
        for label, size in (("desktop", DESKTOP), ("375 px", PHONE)):
            self.page.set_viewport_size(size)
            context = f"{name}, {label}"
            try:
                assert_accessible(self.page, context=context, **kwargs)
            except AssertionError as exc:
                self.failures.append(str(exc))
            if size is PHONE:
                # WCAG 1.4.10 Reflow: no sideways scrolling of the whole page
                # (a wide table may scroll inside its own .table-wrap).
                overflow, culprits = self.page.evaluate(OVERFLOW_JS)
                if overflow > 0:
                    self.failures.append(
                        f"{context} ({self.page.url}): the page is {overflow} px "
                        "wider than the viewport, so it scrolls sideways; "
                        f"too wide: {culprits}"
                    )
            self.scanned.append(context)
        self.page.set_viewport_size(DESKTOP)

    def assert_clean(self) -> None:
        assert self.scanned, "nothing was scanned"
        assert not self.failures, "\n\n".join(self.failures)


@pytest.fixture
def scan_page(browser):
    """A page in its own context (one per role). The site's CSP forbids inline
    scripts, and axe-core is injected inline, so the context bypasses it."""
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    yield context.new_page()
    context.close()


def h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


@pytest.fixture
def kap_program(transactional_db):
    """A program with a lesson and a quiz lesson, and the directory page."""
    home = make_home_page()
    program = make_program(home, lessons=1)
    module = ModulePage.objects.descendant_of(program).get()
    set_bank(
        module,
        [
            single(
                "Which route is FDA-approved for treatment-resistant depression?",
                [("Intranasal esketamine", True), ("Oral lozenges", False)],
            ),
            true_false("Consent is confirmed while the client is sober.", True),
        ],
    )
    add_quiz_lesson(module, title="Check your understanding")
    home.add_child(
        instance=DirectoryPage(title="Find a practitioner", slug="directory")
    )
    return program


def test_axe_scan_reports_known_violations(scan_page):
    page = scan_page
    # Given a page with an unlabelled field, an image without alt text,
    # grey-on-white text and a description pointing at a missing id; when it
    # is scanned; then each one is reported.
    page.set_content(
        """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>
        <body><main><h1>Broken</h1><input type="text">
        <input type="text" aria-label="Name" aria-describedby="id_name_error">
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <p style="color:#aaa;background:#fff">Faint text</p></main></body></html>"""
    )
    expected = {"label", "image-alt", "color-contrast", "aria-valid-attr-value"}
    assert expected <= set(violation_ids(page))
    with pytest.raises(AssertionError, match=r"label \[critical\]"):
        assert_accessible(page, context="broken fixture")


def test_public_pages_meet_wcag_21_aa(live_server, scan_page, kap_program):
    program, page = kap_program, scan_page
    priced_cohort(program, name="Spring cohort")
    listing = published_listing(
        program, display_name="Emery Castillo", zip_code="94110"
    )
    published_listing(program, display_name="Quinn Albright", zip_code="94103")
    base = live_server.url
    scan = Scanner(page)

    page.goto(f"{base}/")
    h1(page, "Training clinicians")
    expect(page.get_by_role("link", name=program.title)).to_be_visible()
    scan.check("home page")

    page.goto(f"{base}/cohorts/")
    expect(page.get_by_role("link", name="Spring cohort")).to_be_visible()
    scan.check("cohort list")

    page.goto(f"{base}/directory/?zip=94110&radius=25")
    expect(page.get_by_role("status")).to_contain_text("2 practitioners found")
    scan.check("directory with results")

    page.goto(f"{base}/directory/?zip=00000&radius=25")
    expect(page.get_by_role("alert")).to_contain_text("ZIP code")
    scan.check("directory with an unknown ZIP code")

    page.get_by_role("link", name="Clear all").click()
    page.get_by_role("link", name="Emery Castillo").click()
    h1(page, "Emery Castillo")
    scan.check("listing detail")

    page.get_by_role("button", name="Send message").click()
    h1(page, "Emery Castillo")
    expect(page.get_by_role("alert").first).to_be_visible()
    scan.check("listing contact form with errors")

    page.goto(f"{base}/verify/")
    h1(page, "Verify")
    scan.check("certificate lookup")

    number = Certificate.objects.get(trainee=listing.user).number
    page.goto(f"{base}/verify/{number}/")
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()
    scan.check("certificate verification")

    page.goto(f"{base}/accounts/login/")
    h1(page, "Sign In")
    scan.check("login")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong-password-1")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("password you specified are not correct")).to_be_visible()
    scan.check("login with an error")

    page.goto(f"{base}/accounts/signup/")
    h1(page, "Sign Up")
    scan.check("sign-up")

    scan.assert_clean()


def test_trainee_pages_meet_wcag_21_aa(live_server, scan_page, kap_program):
    program, page = kap_program, scan_page
    # A running cohort (its modules are open); it took enrolments before it
    # started, so the trainee's lesson pages are what a member sees mid-course.
    cohort = priced_cohort(
        program,
        name="Spring cohort",
        plans=(3,),
        start_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    trainee = UserFactory(first_name="Ines", last_name="Okafor")
    enrolment = EnrolmentFactory(
        cohort=cohort, trainee=trainee, status=EnrolmentStatus.ACTIVE
    )
    LedgerEntryFactory(trainee=trainee, program=program, description="Orientation")
    certify(trainee, program)
    # A second program whose tuition is not chosen yet: the payment options.
    other = make_program(program.get_parent(), lessons=0)
    pending = pending_enrolment(
        priced_cohort(other, name="Autumn cohort", plans=(3, 6)), trainee=trainee
    )
    lessons = program.get_descendants().live().specific()
    lesson_url = lessons.get(title="Lesson 1").url
    quiz_url = lessons.get(title="Check your understanding").url
    base = live_server.url
    scan = Scanner(page)
    sign_in(page, base, trainee.email)

    page.goto(f"{base}/dashboard/")
    h1(page, "Welcome, Ines")
    scan.check("trainee dashboard")

    page.goto(base + lesson_url)
    h1(page, "Lesson 1")
    expect(page.get_by_role("button", name="Mark lesson complete")).to_be_visible()
    scan.check("lesson")

    page.goto(base + quiz_url)
    h1(page, "Check your understanding")
    expect(page.get_by_label("Intranasal esketamine")).to_be_visible()
    scan.check("lesson with a quiz")

    page.get_by_label("Oral lozenges").check()
    page.get_by_label("False").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("75% is needed to pass")).to_be_visible()
    scan.check("quiz attempt review")

    page.goto(f"{base}/hours/programs/{program.pk}/")
    expect(page.get_by_role("cell", name="Orientation")).to_be_visible()
    scan.check("my hours")

    page.goto(f"{base}/hours/transcript/")
    h1(page, "Transcript for Ines")
    scan.check("transcript")

    page.goto(f"{base}/pay/enrolments/{enrolment.pk}/")
    h1(page, "Tuition")
    scan.check("tuition")

    page.goto(f"{base}/pay/enrolments/{pending.pk}/")
    expect(page.get_by_role("heading", name="Choose how to pay")).to_be_visible()
    scan.check("tuition payment options")

    scan.assert_clean()


def test_trainer_pages_meet_wcag_21_aa(live_server, scan_page, kap_program):
    program, page = kap_program, scan_page
    cohort = priced_cohort(program, name="Spring cohort")
    trainer = UserFactory(is_trainer=True, first_name="Rosa")
    cohort.trainers.add(trainer)
    for first, last in (("Casey", "Morgan"), ("Devi", "Shah")):
        EnrolmentFactory(
            cohort=cohort, trainee=UserFactory(first_name=first, last_name=last)
        )
    session = LiveSessionFactory(cohort=cohort, title="Preparation webinar")
    base = live_server.url
    scan = Scanner(page)
    sign_in(page, base, trainer.email)

    page.goto(f"{base}/cohorts/{cohort.pk}/manage/")
    h1(page, "Trainer dashboard")
    expect(page.get_by_role("link", name="Casey Morgan")).to_be_visible()
    scan.check("trainer cohort roster")

    page.goto(f"{base}/cohorts/sessions/{session.pk}/attendance/")
    expect(page.get_by_label("Attendance of Casey Morgan")).to_be_visible()
    scan.check("attendance form")

    page.get_by_label("Attendance of Casey Morgan").select_option("late")
    page.get_by_label("Minutes attended by Casey Morgan").fill("95")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved")).to_be_visible()
    scan.check("attendance saved")

    scan.assert_clean()
