"""The trainer's roster: a few columns (the rest per row under "Details"),
filtered by at risk, a short category and payment state (a column payments
registers), and sorted."""

import pytest
from django.urls import reverse

from cohorts.models import CohortStatus
from kaptraining.payments.models import Instalment, TuitionAccount
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _account(enrolment, statuses):
    account = TuitionAccount.objects.create(
        enrolment=enrolment,
        currency="usd",
        list_price_cents=300,
        total_cents=300,
        arrangement="plan",
    )
    for i, status in enumerate(statuses, start=1):
        Instalment.objects.create(
            account=account,
            sequence=i,
            due_date=enrolment.cohort.start_date,
            amount_cents=100,
            status=status,
        )


@pytest.fixture
def roster(client, program):
    trainer = UserFactory(is_trainer=True)
    cohort = CohortFactory(program=program, status=CohortStatus.IN_PROGRESS)
    cohort.trainers.add(trainer)
    people = {}
    for last in ("Adams", "Baker", "Chen"):
        people[last] = EnrolmentFactory(
            cohort=cohort, trainee=UserFactory(last_name=last, first_name="Pat")
        )
    _account(people["Adams"], ["paid", "paid", "paid"])
    _account(people["Baker"], ["paid", "failed", "scheduled"])
    _account(people["Chen"], ["paid", "scheduled", "scheduled"])
    client.force_login(trainer)
    return cohort


def _names(client, cohort, **params):
    response = client.get(reverse("cohorts:manage", args=[cohort.pk]), params)
    assert response.status_code == 200
    return [r.trainee.last_name for r in response.context["rows"]]


def test_payment_filter_uses_payments_column(client, roster):
    assert _names(client, roster, payment="failed") == ["Baker"]
    assert _names(client, roster, payment="paid") == ["Adams"]
    assert _names(client, roster, payment="plan") == ["Chen"]


def test_sort_and_unknown_values_fall_back(client, roster):
    assert _names(client, roster, sort="-name") == ["Chen", "Baker", "Adams"]
    assert _names(client, roster, sort="nonsense") == ["Adams", "Baker", "Chen"]
    assert _names(client, roster, payment="nonsense") == ["Adams", "Baker", "Chen"]


def test_category_short_and_at_risk_filters(client, roster):
    # Nobody has hours yet: everyone is short in the didactic category.
    assert len(_names(client, roster, short="didactic")) == 3
    response = client.get(
        reverse("cohorts:manage", args=[roster.pk]), {"filter": "at_risk"}
    )
    rows = response.context["rows"]
    assert len(rows) == response.context["summary"]["at_risk"]
    assert all(r.at_risk for r in rows)


def test_roster_has_few_columns_and_details_per_row(client, roster):
    html = client.get(reverse("cohorts:manage", args=[roster.pk])).content.decode()
    table = html[html.index('<table class="roster"') : html.index("</table>")]
    assert table.count('<th scope="col">') <= 7
    assert table.count("<details") == 3
