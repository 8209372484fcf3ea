"""Trainee tuition on the offline backend: options, plans, deposits, codes,
tiers, the demo checkout, later instalments, receipts and permissions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import EnrolmentStatus
from kaptraining.payments.models import (
    DiscountKind,
    DiscountRedemption,
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    TierApplication,
    TuitionAccount,
)
from kaptraining.payments.services import arrangement_choose, payment_start
from kaptraining.payments.tasks import instalments_charge_due
from tests.factories import CohortFactory, UserFactory
from tests.factories.payments import (
    DiscountCodeFactory,
    SlidingScaleTierFactory,
    pending_enrolment,
    priced_cohort,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program):
    return priced_cohort(program, amount_cents=480000, deposit_cents=50000)


@pytest.fixture
def enrolment(cohort):
    return pending_enrolment(cohort)


@pytest.fixture
def trainee_client(client, enrolment):
    client.force_login(enrolment.trainee)
    return client


def _url(name, enrolment):
    return reverse(f"payments:{name}", args=[enrolment.pk])


def _pay_with_demo(client, django_capture_on_commit_callbacks, enrolment, arrangement):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("choose", enrolment), {"arrangement": arrangement})
        assert response.status_code == 302
        assert "/pay/demo-checkout/" in response["Location"]
        confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    return Payment.objects.get(enrolment=enrolment, status=PaymentStatus.SUCCEEDED)


# --- choosing how to pay ------------------------------------------------------


def test_account_page_offers_full_deposit_and_plans_with_previews(
    trainee_client, enrolment
):
    response = trainee_client.get(_url("account", enrolment))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Demo mode." in html
    for label in (
        "Pay in full",
        "Deposit, then the balance",
        "3 monthly payments",
        "12 monthly payments",
    ):
        assert label in html
    assert "$1,600.00" in html  # 3 x $1,600.00
    assert "$400.00" in html  # 12 x $400.00
    assert "$500.00" in html  # the deposit


def test_choose_plan_schedule_sums_exactly_to_total(trainee_client, enrolment):
    response = trainee_client.post(
        _url("choose", enrolment), {"arrangement": "plan:12"}
    )
    assert response.status_code == 302
    lines = list(
        Instalment.objects.filter(account__enrolment=enrolment).order_by("sequence")
    )
    assert [line.amount_cents for line in lines] == [40000] * 12
    assert sum(line.amount_cents for line in lines) == 480000
    assert lines[0].due_date == timezone.localdate()
    assert lines[1].due_date.month != lines[0].due_date.month


def test_choose_deposit_balance_due_before_start(program):
    cohort = priced_cohort(
        program, start_date=timezone.localdate() + datetime.timedelta(days=60)
    )
    enrolment = pending_enrolment(cohort)
    account = arrangement_choose(enrolment=enrolment, arrangement="deposit")
    lines = list(account.instalments.order_by("sequence"))
    assert [line.amount_cents for line in lines] == [50000, 430000]
    assert lines[1].due_date == cohort.start_date - datetime.timedelta(days=14)


@pytest.mark.parametrize("value", ["plan:5", "deposit:2", "weekly", "", "scholarship"])
def test_choose_not_offered_is_400_and_nothing_written(
    trainee_client, enrolment, value
):
    response = trainee_client.post(_url("choose", enrolment), {"arrangement": value})
    assert response.status_code == 400
    assert (
        "Please choose one of the payment options offered." in response.content.decode()
    )
    assert not Instalment.objects.filter(account__enrolment=enrolment).exists()
    assert TuitionAccount.objects.get(enrolment=enrolment).arrangement == ""
    assert not Payment.objects.exists()


def test_checkout_with_options_asks_trainee_to_choose_first(trainee_client, enrolment):
    response = trainee_client.post(_url("checkout", enrolment))
    assert response.status_code == 302
    assert response["Location"] == _url("account", enrolment)
    assert not Payment.objects.exists()


def test_checkout_with_nothing_to_choose_goes_to_demo_checkout(client, program):
    enrolment = pending_enrolment(CohortFactory(program=program, tuition_cents=90000))
    client.force_login(enrolment.trainee)
    response = client.post(_url("checkout", enrolment))
    assert response.status_code == 302
    payment = Payment.objects.get(enrolment=enrolment)
    assert response["Location"] == reverse("payments:demo_checkout", args=[payment.pk])
    assert payment.amount_cents == 90000


def test_demo_plan_first_payment_activates_and_saves_card(
    trainee_client, enrolment, django_capture_on_commit_callbacks
):
    payment = _pay_with_demo(
        trainee_client, django_capture_on_commit_callbacks, enrolment, "plan:3"
    )
    enrolment.refresh_from_db()
    account = TuitionAccount.objects.get(enrolment=enrolment)
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert payment.amount_cents == 160000 and payment.instalment.sequence == 1
    assert account.payment_method_id == "demo_pm_card"
    page = trainee_client.get(_url("account", enrolment)).content.decode()
    assert "Payment schedule" in page and "$3,200.00" in page  # balance


def test_due_instalments_task_charges_saved_card_once(
    trainee_client, enrolment, django_capture_on_commit_callbacks
):
    _pay_with_demo(
        trainee_client, django_capture_on_commit_callbacks, enrolment, "plan:3"
    )
    second = Instalment.objects.get(account__enrolment=enrolment, sequence=2)
    Instalment.objects.filter(pk=second.pk).update(due_date=timezone.localdate())

    with django_capture_on_commit_callbacks(execute=True):
        first_run = instalments_charge_due.delay().get()
        second_run = instalments_charge_due.delay().get()

    second.refresh_from_db()
    assert (first_run, second_run) == (1, 0)
    assert second.status == InstalmentStatus.PAID
    assert Payment.objects.filter(instalment=second).count() == 1
    assert (
        Instalment.objects.get(account__enrolment=enrolment, sequence=3).status
        == InstalmentStatus.SCHEDULED
    )


def test_demo_card_update_saves_card_for_own_plan_only(
    trainee_client, enrolment, django_capture_on_commit_callbacks, client
):
    _pay_with_demo(
        trainee_client, django_capture_on_commit_callbacks, enrolment, "plan:3"
    )
    response = trainee_client.post(_url("card", enrolment))
    assert response.status_code == 302
    demo_url = response["Location"]
    client.force_login(UserFactory())
    assert client.post(demo_url).status_code == 404
    trainee_client.force_login(enrolment.trainee)
    assert trainee_client.post(demo_url).status_code == 302
    assert TuitionAccount.objects.get(enrolment=enrolment).payment_method_id.startswith(
        "demo_pm_"
    )


# --- codes and tiers -----------------------------------------------------------


def test_percent_code_any_case_reduces_total_and_schedule(trainee_client, enrolment):
    DiscountCodeFactory(code="WELCOME10", percent_off=10)
    trainee_client.post(_url("choose", enrolment), {"arrangement": "plan:3"})
    response = trainee_client.post(
        _url("apply_code", enrolment), {"code": " welcome10 "}
    )
    assert response.status_code == 302
    account = TuitionAccount.objects.get(enrolment=enrolment)
    assert (account.code_discount_cents, account.total_cents) == (48000, 432000)
    live = account.instalments.exclude(status=InstalmentStatus.CANCELLED)
    assert sum(i.amount_cents for i in live) == 432000
    assert (
        account.instalments.filter(status=InstalmentStatus.CANCELLED).count() == 3
    )  # kept, not deleted


@pytest.mark.parametrize(
    ("code_kwargs", "typed", "message"),
    [
        ({}, "NOPE", "We do not recognise that code."),
        ({"active": False}, "OLD", "We do not recognise that code."),
        (
            {"expires_at": timezone.now() - datetime.timedelta(days=1)},
            "OLD",
            "That code has expired.",
        ),
        (
            {
                "currency": "eur",
                "kind": DiscountKind.FIXED,
                "percent_off": None,
                "amount_off_cents": 100,
            },
            "OLD",
            "different currency",
        ),
        ({}, "", "Please enter a code."),
    ],
)
def test_bad_code_is_400_with_message_and_nothing_applied(
    trainee_client, enrolment, code_kwargs, typed, message
):
    DiscountCodeFactory(code="OLD", **code_kwargs)
    response = trainee_client.post(_url("apply_code", enrolment), {"code": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DiscountRedemption.objects.exists()
    assert TuitionAccount.objects.get(enrolment=enrolment).total_cents == 480000


def test_code_for_other_program_is_refused(trainee_client, enrolment, home_page):
    from tests.factories import make_program

    DiscountCodeFactory(
        code="OTHER", program=make_program(home_page, slug="other-program")
    )
    response = trainee_client.post(_url("apply_code", enrolment), {"code": "OTHER"})
    assert response.status_code == 400
    assert "not valid for this program" in response.content.decode()


def test_code_usage_limit_refuses_the_next_trainee(client, cohort):
    DiscountCodeFactory(code="ONCE", percent_off=20, max_uses=1)
    first, second = pending_enrolment(cohort), pending_enrolment(cohort)
    client.force_login(first.trainee)
    assert client.post(_url("apply_code", first), {"code": "ONCE"}).status_code == 302
    client.force_login(second.trainee)
    response = client.post(_url("apply_code", second), {"code": "ONCE"})
    assert response.status_code == 400
    assert "used the maximum number of times" in response.content.decode()
    assert DiscountRedemption.objects.count() == 1


def test_full_scholarship_enrols_without_any_payment(
    trainee_client, enrolment, settings
):
    settings.PAYMENTS_BACKEND = "stripe"
    settings.STRIPE_API_BASE = (
        "http://127.0.0.1:9"  # nothing listens: any call would fail
    )
    DiscountCodeFactory(code="FULLRIDE", percent_off=100, is_scholarship=True)
    response = trainee_client.post(_url("apply_code", enrolment), {"code": "fullride"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    enrolment.refresh_from_db()
    account = TuitionAccount.objects.get(enrolment=enrolment)
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert account.total_cents == 0 and account.arrangement == "scholarship"
    assert not Payment.objects.exists()


def test_fixed_code_and_tier_combine_tier_first(enrolment):
    from kaptraining.payments.services import (
        discount_apply,
        tier_application_decide,
        tier_application_submit,
    )

    tier = SlidingScaleTierFactory(percent_off=50)
    application = tier_application_submit(
        enrolment=enrolment, tier_id=tier.pk, statement="Community clinic"
    )
    tier_application_decide(
        application_id=application.pk, grant=True, staff=UserFactory(is_staff=True)
    )
    DiscountCodeFactory(
        code="FIXED", kind=DiscountKind.FIXED, percent_off=None, amount_off_cents=30000
    )
    discount_apply(enrolment=enrolment, code="FIXED")
    account = TuitionAccount.objects.get(enrolment=enrolment)
    assert (
        account.tier_discount_cents,
        account.code_discount_cents,
        account.total_cents,
    ) == (240000, 30000, 210000)


def test_tier_request_needs_statement(trainee_client, enrolment):
    tier = SlidingScaleTierFactory()
    response = trainee_client.post(
        _url("apply_tier", enrolment), {"tier": tier.pk, "statement": "  "}
    )
    assert response.status_code == 400
    assert "tell us briefly about your circumstances" in response.content.decode()
    assert not TierApplication.objects.exists()


def test_tier_request_then_staff_grant_in_admin_reprices(
    trainee_client, enrolment, client, settings
):
    settings.KAP_REQUIRE_STAFF_MFA = False
    tier = SlidingScaleTierFactory(name="Community", percent_off=25)
    assert (
        trainee_client.post(
            _url("apply_tier", enrolment),
            {"tier": tier.pk, "statement": "I work at a free clinic."},
        ).status_code
        == 302
    )
    application = TierApplication.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("payments_tier_decide", args=[application.pk]), {"decision": "grant"}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "granted"
    assert TuitionAccount.objects.get(enrolment=enrolment).total_cents == 360000
    again = client.post(
        reverse("payments_tier_decide", args=[application.pk]), {"decision": "decline"}
    )
    assert again.status_code == 302
    application.refresh_from_db()
    assert application.status == "granted"  # a decision is final


def test_codes_and_tiers_refused_after_first_payment(
    trainee_client, enrolment, django_capture_on_commit_callbacks
):
    _pay_with_demo(
        trainee_client, django_capture_on_commit_callbacks, enrolment, "full"
    )
    DiscountCodeFactory(code="LATE")
    response = trainee_client.post(_url("apply_code", enrolment), {"code": "LATE"})
    assert response.status_code == 400
    assert "before the first payment" in response.content.decode()


# --- receipts and permissions ----------------------------------------------------


def test_receipt_pdf_for_own_payment(
    trainee_client, enrolment, django_capture_on_commit_callbacks
):
    payment = _pay_with_demo(
        trainee_client, django_capture_on_commit_callbacks, enrolment, "full"
    )
    response = trainee_client.get(reverse("payments:receipt", args=[payment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_other_trainee_sees_404_everywhere(
    client, enrolment, django_capture_on_commit_callbacks
):
    arrangement_choose(enrolment=enrolment, arrangement="full")
    payment, _url_ = payment_start(
        enrolment=enrolment, success_url="http://t/", cancel_url="http://t/"
    )
    client.force_login(UserFactory())
    for name in ("account", "card", "done"):
        assert client.get(_url(name, enrolment)).status_code == 404, name
    for name in ("choose", "apply_code", "apply_tier", "checkout"):
        assert (
            client.post(
                _url(name, enrolment), {"arrangement": "full", "code": "X"}
            ).status_code
            == 404
        ), name
    assert (
        client.get(reverse("payments:demo_checkout", args=[payment.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("payments:demo_checkout", args=[payment.pk])).status_code
        == 404
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_anonymous_is_sent_to_log_in(client, enrolment):
    for url in (
        _url("account", enrolment),
        _url("card", enrolment),
        reverse("payments:receipt", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_receipt_of_unpaid_payment_is_404(trainee_client, enrolment):
    arrangement_choose(enrolment=enrolment, arrangement="full")
    payment, _u = payment_start(
        enrolment=enrolment, success_url="http://t/", cancel_url="http://t/"
    )
    assert (
        trainee_client.get(reverse("payments:receipt", args=[payment.pk])).status_code
        == 404
    )


# --- constant queries ---------------------------------------------------------------


def _plan_with_history(enrolment, n, capture):
    arrangement_choose(enrolment=enrolment, arrangement="plan", instalments=n)
    from kaptraining.payments.services import instalment_charge, payment_succeed

    payment, _u = payment_start(
        enrolment=enrolment, success_url="http://t/", cancel_url="http://t/"
    )
    with capture(execute=True):
        payment_succeed(payment_id=payment.pk, provider_payment_ref="demo")
    for line in Instalment.objects.filter(
        account__enrolment=enrolment, sequence__gt=1
    ).order_by("sequence")[: n // 2]:
        with capture(execute=True):
            instalment_charge(instalment_id=line.pk, today=line.due_date)


def test_account_page_queries_do_not_grow_with_schedule(
    client, cohort, django_assert_num_queries, django_capture_on_commit_callbacks
):
    small, large = pending_enrolment(cohort), pending_enrolment(cohort)
    _plan_with_history(small, 3, django_capture_on_commit_callbacks)
    _plan_with_history(large, 12, django_capture_on_commit_callbacks)
    counts = []
    for enrolment in (small, large):
        client.force_login(enrolment.trainee)
        client.get(_url("account", enrolment))  # warm caches (site, session)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("account", enrolment)).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(_url("account", large))


def test_dashboard_tuition_partial_queries_constant(program, django_assert_num_queries):
    from django.template import Context, Template

    template = Template("{% load payments_tags %}{% tuition_summary user %}")
    one, many = UserFactory(), UserFactory()
    for user, n in ((one, 1), (many, 6)):
        for _ in range(n):
            enrolment = pending_enrolment(priced_cohort(program), trainee=user)
            arrangement_choose(enrolment=enrolment, arrangement="plan", instalments=3)
    # Enrolments, accounts with what each paid, instalments (issue 19: the
    # payments' sum rides in the accounts' query).
    with django_assert_num_queries(3):
        html_one = template.render(Context({"user": one}))
    with django_assert_num_queries(3):
        html_many = template.render(Context({"user": many}))
    assert html_one.count("Tuition, schedule and receipts") == 1
    assert html_many.count("Tuition, schedule and receipts") == 6
    assert "next payment $1,600.00" in html_many


def test_withdrawn_enrolment_is_never_charged_again(
    trainee_client, enrolment, django_capture_on_commit_callbacks
):
    from cohorts.admissions import enrolment_withdraw
    from kaptraining.payments.services import instalment_charge, instalments_due_ids

    _pay_with_demo(
        trainee_client, django_capture_on_commit_callbacks, enrolment, "plan:3"
    )
    second = Instalment.objects.get(account__enrolment=enrolment, sequence=2)
    assert instalments_due_ids(today=second.due_date) == [second.pk]

    enrolment_withdraw(enrolment_id=enrolment.pk)

    assert instalments_due_ids(today=second.due_date) == []
    assert instalment_charge(instalment_id=second.pk, today=second.due_date) is None
    assert not Payment.objects.filter(instalment=second).exists()
