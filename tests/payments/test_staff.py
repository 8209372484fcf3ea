"""Staff: refunds the policy suggests and staff confirm, reports and CSV,
configuration screens in the Wagtail admin."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cohorts.models import EnrolmentStatus
from kaptraining.payments.models import (
    InstalmentStatus,
    Payment,
    PaymentStatus,
    Refund,
    TuitionAccount,
)
from kaptraining.payments.services import (
    arrangement_choose,
    discount_apply,
    instalment_fail,
    payment_start,
    payment_succeed,
)
from tests.factories import UserFactory
from tests.factories.payments import (
    DiscountCodeFactory,
    RefundPolicyTierFactory,
    pending_enrolment,
    priced_cohort,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _paid(cohort, arrangement="full", instalments=None, capture=None):
    enrolment = pending_enrolment(cohort)
    arrangement_choose(
        enrolment=enrolment, arrangement=arrangement, instalments=instalments
    )
    payment, _url = payment_start(
        enrolment=enrolment, success_url="http://t/", cancel_url="http://t/"
    )
    with capture(execute=True):
        payment_succeed(
            payment_id=payment.pk, provider_payment_ref=f"demo_pi_{payment.pk}"
        )
    payment.refresh_from_db()
    return payment


@pytest.fixture
def starting_in(program):
    def make(days, **kwargs):
        cohort = priced_cohort(
            program,
            start_date=timezone.localdate() + datetime.timedelta(days=days),
            **kwargs,
        )
        return cohort

    RefundPolicyTierFactory(program=program, days_before_start=30, percent=100)
    RefundPolicyTierFactory(program=program, days_before_start=0, percent=50)
    return make


@pytest.mark.parametrize(("days", "suggested"), [(45, 480000), (10, 240000), (-3, 0)])
def test_refund_page_suggests_policy_amount(
    staff_client, starting_in, days, suggested, django_capture_on_commit_callbacks
):
    payment = _paid(starting_in(days), capture=django_capture_on_commit_callbacks)
    response = staff_client.get(reverse("payments_refund", args=[payment.pk]))
    assert response.status_code == 200
    assert response.context["suggested"] == suggested
    # the suggestion is filled in; with nothing suggested, staff type an amount
    assert response.context["form"]["amount_cents"].value() == (suggested or None)


def test_refund_confirmed_with_withdrawal_cancels_schedule_and_withdraws(
    staff_client, starting_in, django_capture_on_commit_callbacks
):
    payment = _paid(
        starting_in(45), "plan", 3, capture=django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("payments_refund", args=[payment.pk]),
            {
                "amount_cents": payment.amount_cents,
                "reason": "Withdrew before start",
                "withdraw": "on",
            },
        )
    assert response.status_code == 302
    payment.refresh_from_db()
    account = TuitionAccount.objects.get(enrolment=payment.enrolment)
    payment.enrolment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_cents == 160000
    assert Refund.objects.get().status == "succeeded"
    assert account.closed_at is not None
    assert set(account.instalments.values_list("status", flat=True)) == {
        InstalmentStatus.PAID,
        InstalmentStatus.CANCELLED,
    }
    assert payment.enrolment.status == EnrolmentStatus.WITHDRAWN
    assert any(payment.enrolment.trainee.email in m.to for m in mail.outbox)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount_cents": "0", "reason": "x"}, "greater than or equal to 1"),
        ({"amount_cents": "480001", "reason": "x"}, "still refundable"),
        ({"amount_cents": "100", "reason": ""}, "This field is required"),
        ({"amount_cents": "ten", "reason": "x"}, "Enter a whole number"),
    ],
)
def test_refund_bad_input_is_400_and_nothing_written(
    staff_client, starting_in, data, message, django_capture_on_commit_callbacks
):
    payment = _paid(starting_in(45), capture=django_capture_on_commit_callbacks)
    response = staff_client.post(reverse("payments_refund", args=[payment.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Refund.objects.exists()
    payment.refresh_from_db()
    assert payment.refunded_cents == 0


def test_staff_pages_refused_to_trainees(
    client, starting_in, django_capture_on_commit_callbacks, settings
):
    settings.KAP_REQUIRE_STAFF_MFA = False
    payment = _paid(starting_in(45), capture=django_capture_on_commit_callbacks)
    client.force_login(payment.enrolment.trainee)
    for url in (
        reverse("payments_overview"),
        reverse("payments_refund", args=[payment.pk]),
        reverse("payments_report_csv", args=["revenue"]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert client.post(
        reverse("payments_refund", args=[payment.pk]),
        {"amount_cents": 1, "reason": "x"},
    ).status_code in (302, 403)
    assert not Refund.objects.exists()


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_reports_revenue_outstanding_failed_and_scholarships(
    staff_client, starting_in, django_capture_on_commit_callbacks
):
    cohort = starting_in(45)
    full = _paid(cohort, capture=django_capture_on_commit_callbacks)
    plan = _paid(cohort, "plan", 3, capture=django_capture_on_commit_callbacks)
    second = plan.instalment.account.instalments.get(sequence=2)
    failed = Payment.objects.create(
        enrolment=plan.enrolment,
        instalment=second,
        amount_cents=second.amount_cents,
        backend="offline",
        off_session=True,
    )
    instalment_fail(payment_id=failed.pk, message="Your card was declined.")
    scholar = pending_enrolment(cohort)
    DiscountCodeFactory(code="SCHOLAR", percent_off=100, is_scholarship=True)
    discount_apply(enrolment=scholar, code="SCHOLAR")

    revenue = _csv(staff_client.get(reverse("payments_report_csv", args=["revenue"])))
    outstanding = _csv(
        staff_client.get(reverse("payments_report_csv", args=["outstanding"]))
    )
    failures = _csv(staff_client.get(reverse("payments_report_csv", args=["failed"])))
    scholarships = _csv(
        staff_client.get(reverse("payments_report_csv", args=["scholarships"]))
    )

    assert revenue == [
        {
            "program": cohort.program.title,
            "cohort": cohort.name,
            "currency": "usd",
            "collected_cents": str(full.amount_cents + plan.amount_cents),
            "refunded_total_cents": "0",
            "net_cents": "640000",
            "collected": "$6,400.00",
            "refunded_total": "$0.00",
            "net": "$6,400.00",
        }
    ]
    assert [(r["trainee"], r["balance_cents"]) for r in outstanding] == [
        (plan.enrolment.trainee.email, "320000")
    ]
    assert [(r["trainee"], r["sequence"], r["attempts"]) for r in failures] == [
        (plan.enrolment.trainee.email, "2", "1")
    ]
    assert [(r["kind"], r["name"], r["amount_off_cents"]) for r in scholarships] == [
        ("code", "SCHOLAR", "480000")
    ]
    assert (
        staff_client.get(reverse("payments_report_csv", args=["nope"])).status_code
        == 404
    )


def test_overview_queries_do_not_grow_with_data(
    staff_client,
    starting_in,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cohort = starting_in(45)
    _paid(cohort, capture=django_capture_on_commit_callbacks)
    staff_client.get(reverse("payments_overview"))
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(reverse("payments_overview")).status_code == 200
    for _ in range(6):
        _paid(cohort, "plan", 3, capture=django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(len(small)):
        response = staff_client.get(reverse("payments_overview"))
    assert response.content.decode().count("$1,600.00") >= 1


@pytest.mark.parametrize(
    "viewset",
    [
        "tuition_price_admin",
        "payment_plan_admin",
        "sliding_scale_tier_admin",
        "discount_code_admin",
        "refund_policy_admin",
        "tier_application_admin",
        "tuition_account_admin",
        "payment_admin",
        "stripe_event_admin",
    ],
)
def test_admin_screens_list_for_staff(staff_client, viewset):
    response = staff_client.get(reverse(f"{viewset}:index"))
    assert response.status_code == 200


def test_admin_discount_code_created_with_limits(staff_client, program):
    response = staff_client.post(
        reverse("discount_code_admin:add"),
        {
            "code": "SPRING25",
            "description": "Spring",
            "kind": "percent",
            "percent_off": "25",
            "currency": "usd",
            "program": program.pk,
            "max_uses": "10",
            "expires_at": "2030-01-01 00:00",
            "active": "on",
        },
    )
    assert response.status_code == 302
    from kaptraining.payments.models import DiscountCode

    code = DiscountCode.objects.get()
    assert (code.code, code.percent_off, code.max_uses) == ("SPRING25", 25, 10)


def test_admin_discount_code_percent_and_amount_is_refused(staff_client):
    response = staff_client.post(
        reverse("discount_code_admin:add"),
        {
            "code": "BOTH",
            "kind": "percent",
            "percent_off": "25",
            "amount_off_cents": "500",
            "currency": "usd",
        },
    )
    assert response.status_code == 200  # the form is shown again with the error
    assert "needs a percentage and no fixed amount" in response.content.decode()
    from kaptraining.payments.models import DiscountCode

    assert not DiscountCode.objects.exists()
