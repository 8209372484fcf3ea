"""One price: the cohort pages show what checkout charges, for every pricing
shape (program price, cohort price, the cohort's own field, deposit, plans,
sliding-scale tier, discount and scholarship codes, free), and for every
cohort in the demo data."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Enrolment, EnrolmentStatus
from cohorts.pricing import cohort_quote
from kaptraining.core.templatetags.kap import money
from kaptraining.payments.models import (
    Payment,
    PaymentStatus,
    SlidingScaleTier,
    TuitionAccount,
    TuitionPrice,
)
from kaptraining.payments.services import (
    account_for_enrolment,
    arrangement_options,
    tier_application_decide,
)
from tests.factories import CohortFactory, UserFactory
from tests.factories.payments import (
    DiscountCodeFactory,
    SlidingScaleTierFactory,
    TuitionPriceFactory,
    pending_enrolment,
    priced_cohort,
)

pytestmark = pytest.mark.django_db

# A cohort that has not started still takes enrolments (and is listed).
FUTURE = timezone.localdate() + datetime.timedelta(days=30)
TUITION = re.compile(r"<dt>Tuition</dt><dd>([^<]+)</dd>")


def page_price(client, cohort) -> str:
    """The tuition the cohort page shows, as text ("$4,800.00")."""
    html = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
    [shown] = TUITION.findall(html)
    return shown


def list_prices(client) -> list[str]:
    return TUITION.findall(client.get(reverse("cohorts:list")).content.decode())


def pay(client, capture, enrolment, arrangement="full", *, consent=False) -> Payment:
    """Choose an arrangement on the account page and pay its first line in the
    demo checkout, as a trainee does (ticking the pace consent with `consent`)."""
    data = {"arrangement": arrangement}
    if consent:
        data["short_window_consent"] = "1"
    with capture(execute=True):
        chosen = client.post(reverse("payments:choose", args=[enrolment.pk]), data)
        assert chosen.status_code == 302
        assert "/pay/demo-checkout/" in chosen["Location"], chosen["Location"]
        page = client.get(chosen["Location"]).content.decode()
        assert client.post(chosen["Location"]).status_code == 302
    payment = Payment.objects.get(enrolment=enrolment, status=PaymentStatus.SUCCEEDED)
    # The demo checkout page showed the amount it then charged.
    assert money(payment.amount_cents, payment.currency) in page
    return payment


def scheduled(enrolment) -> int:
    """Everything the trainee will be charged under the chosen arrangement."""
    account = TuitionAccount.objects.get(enrolment=enrolment)
    return sum(i.amount_cents for i in account.instalments.exclude(status="cancelled"))


@pytest.fixture
def trainee(client):
    user = UserFactory()
    client.force_login(user)
    return user


# --- where the price comes from ------------------------------------------------


def test_program_price_wins_over_the_cohort_field_on_page_and_at_checkout(
    client, program, trainee, django_capture_on_commit_callbacks
):
    # The demo's retreat cohort: its own field says $5,200, the program $4,800.
    cohort = CohortFactory(program=program, tuition_cents=520000, start_date=FUTURE)
    TuitionPriceFactory(program=program, amount_cents=480000, deposit_cents=0)

    assert page_price(client, cohort) == "$4,800.00"
    assert list_prices(client) == ["$4,800.00"]
    enrolment = pending_enrolment(cohort, trainee=trainee)
    payment = pay(client, django_capture_on_commit_callbacks, enrolment)
    assert payment.amount_cents == 480000


def test_cohort_price_overrides_the_program_price(
    client, program, trainee, django_capture_on_commit_callbacks
):
    retreat = CohortFactory(program=program, tuition_cents=0, start_date=FUTURE)
    online = CohortFactory(program=program, start_date=FUTURE)
    TuitionPriceFactory(program=program, amount_cents=480000, deposit_cents=0)
    TuitionPriceFactory(cohort=retreat, amount_cents=520000, deposit_cents=0)

    assert page_price(client, retreat) == "$5,200.00"
    assert page_price(client, online) == "$4,800.00"
    payment = pay(
        client,
        django_capture_on_commit_callbacks,
        pending_enrolment(retreat, trainee=trainee),
    )
    assert payment.amount_cents == 520000


def test_without_any_price_the_cohort_field_is_shown_and_charged(
    client, program, trainee, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=program, tuition_cents=250000, start_date=FUTURE)
    assert not TuitionPrice.objects.exists()

    assert page_price(client, cohort) == "$2,500.00"
    enrolment = Enrolment.objects.create(cohort=cohort, trainee=trainee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payments:checkout", args=[enrolment.pk]))
        client.post(response["Location"])
    assert Payment.objects.get(enrolment=enrolment).amount_cents == 250000


def test_enrol_page_shows_the_price_checkout_charges(client, program, trainee):
    cohort = CohortFactory(program=program, tuition_cents=520000, start_date=FUTURE)
    TuitionPriceFactory(program=program, amount_cents=480000)

    response = client.post(reverse("cohorts:enrol", args=[cohort.pk]))

    assert response.status_code == 200
    assert "<strong>$4,800.00</strong>" in response.content.decode()
    enrolment = Enrolment.objects.get(trainee=trainee)
    account_page = client.get(reverse("payments:account", args=[enrolment.pk]))
    assert "<dd>$4,800.00</dd>" in account_page.content.decode()
    assert TuitionAccount.objects.get(enrolment=enrolment).list_price_cents == 480000


def test_cohort_with_a_program_price_is_not_free_whatever_its_own_field_says(
    client, program, trainee
):
    """The cohort field used to decide "free": 0 there activated the place
    without checkout even though the program has a price."""
    cohort = CohortFactory(program=program, tuition_cents=0, start_date=FUTURE)
    TuitionPriceFactory(program=program, amount_cents=480000)

    client.post(reverse("cohorts:enrol", args=[cohort.pk]))

    assert page_price(client, cohort) == "$4,800.00"
    enrolment = Enrolment.objects.get(trainee=trainee)
    assert enrolment.status == EnrolmentStatus.PENDING_PAYMENT


def test_free_cohort_shows_zero_and_activates_without_checkout(
    client, program, trainee
):
    cohort = CohortFactory(program=program, tuition_cents=0, start_date=FUTURE)

    response = client.post(reverse("cohorts:enrol", args=[cohort.pk]))

    assert response.status_code == 302
    assert page_price(client, cohort) == "$0.00"
    assert Enrolment.objects.get(trainee=trainee).status == EnrolmentStatus.ACTIVE
    assert not Payment.objects.exists()


# --- how it is paid: the total is the page price, less what the trainee applied --


@pytest.mark.parametrize(
    ("arrangement", "first_charge"), [("deposit", 50000), ("plan:3", 160000)]
)
def test_deposit_and_plan_add_up_to_the_page_price(
    client,
    program,
    trainee,
    django_capture_on_commit_callbacks,
    arrangement,
    first_charge,
):
    cohort = priced_cohort(program, amount_cents=480000, deposit_cents=50000)
    shown = page_price(client, cohort)
    enrolment = pending_enrolment(cohort, trainee=trainee)

    payment = pay(client, django_capture_on_commit_callbacks, enrolment, arrangement)

    assert payment.amount_cents == first_charge
    assert money(scheduled(enrolment), "usd") == shown == "$4,800.00"


def test_sliding_scale_tier_is_taken_off_the_page_price(
    client, program, trainee, django_capture_on_commit_callbacks
):
    cohort = priced_cohort(program, amount_cents=480000)
    tier = SlidingScaleTierFactory(percent_off=25)
    enrolment = pending_enrolment(cohort, trainee=trainee)
    client.post(
        reverse("payments:apply_tier", args=[enrolment.pk]),
        {"tier": tier.pk, "statement": "Community clinic."},
    )
    tier_application_decide(
        application_id=enrolment.tier_applications.get().pk,
        grant=True,
        staff=UserFactory(is_staff=True),
    )

    payment = pay(client, django_capture_on_commit_callbacks, enrolment)

    account = TuitionAccount.objects.get(enrolment=enrolment)
    assert money(account.list_price_cents, "usd") == page_price(client, cohort)
    assert payment.amount_cents == 480000 - 120000 == account.total_cents


@pytest.mark.parametrize(("percent", "charged"), [(10, 432000), (100, 0)])
def test_discount_and_scholarship_codes_are_taken_off_the_page_price(
    client, program, trainee, django_capture_on_commit_callbacks, percent, charged
):
    cohort = priced_cohort(program, amount_cents=480000)
    DiscountCodeFactory(code="OFF", percent_off=percent, is_scholarship=percent == 100)
    enrolment = pending_enrolment(cohort, trainee=trainee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("payments:apply_code", args=[enrolment.pk]), {"code": "off"}
        )

    account = TuitionAccount.objects.get(enrolment=enrolment)
    assert money(account.list_price_cents, "usd") == page_price(client, cohort)
    assert account.total_cents == charged
    if charged:
        assert pay(client, django_capture_on_commit_callbacks, enrolment).amount_cents
        assert Payment.objects.get(enrolment=enrolment).amount_cents == charged
    else:
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.ACTIVE
        assert not Payment.objects.exists()


# --- the demo data, and a constant number of queries ---------------------------------


def test_every_demo_cohort_charges_what_its_page_shows(
    client, settings, django_capture_on_commit_callbacks, home_page
):
    # home_page: Wagtail's root page exists even after a transactional test.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo", verbosity=0)
    cohorts = list(Cohort.objects.exclude(status="draft").select_related("program"))
    assert cohorts and TuitionPrice.objects.exists()
    assert SlidingScaleTier.objects.exists()

    shown = {c.pk: page_price(client, c) for c in cohorts}
    listed = list_prices(client)
    for cohort in cohorts:
        trainee = UserFactory()
        client.force_login(trainee)
        enrolment = pending_enrolment(cohort, trainee=trainee)
        quote = cohort_quote(cohort)
        assert shown[cohort.pk] == money(quote.amount_cents, quote.currency)
        if quote.amount_cents == 0:
            continue
        # The calendar decides what is offered (no deposit once a cohort has
        # started, no plan running past its end): pay every offered option.
        offered = arrangement_options(account_for_enrolment(enrolment=enrolment), quote)
        arrangements = [a if n is None else f"{a}:{n}" for a, n in offered]
        # A place in a cohort whose window is (nearly) over is sold only to
        # someone who confirms the pace on the payment form.
        consent = enrolment.window_if_paid_on().implausible
        for arrangement in arrangements:
            payment = pay(
                client,
                django_capture_on_commit_callbacks,
                enrolment,
                arrangement,
                consent=consent,
            )
            assert money(scheduled(enrolment), quote.currency) == shown[cohort.pk], (
                cohort,
                arrangement,
            )
            if arrangement == "full":
                assert money(payment.amount_cents, quote.currency) == shown[cohort.pk]
            # Start again with a fresh place for the next arrangement.
            enrolment = pending_enrolment(cohort, trainee=UserFactory())
            client.force_login(enrolment.trainee)
    assert set(listed) <= set(shown.values())


def test_cohort_list_prices_every_cohort_in_a_fixed_number_of_queries(client, program):
    TuitionPriceFactory(program=program)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cohorts:list")).status_code == 200
        return len(queries)

    for _ in range(2):
        CohortFactory(program=program, start_date=FUTURE)
    few = count()
    for _ in range(8):
        TuitionPriceFactory(cohort=CohortFactory(program=program, start_date=FUTURE))
    assert count() == few
    assert len(list_prices(client)) == 10
