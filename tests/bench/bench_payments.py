# ruff: noqa: T201, E501 - a benchmark prints its figures, with long labels
"""Benchmark: schedule arithmetic, webhook event processing, the daily
instalment batch, the trainee's tuition page and the staff reports.

Run: .venv/bin/python -m tests.bench.bench_payments
Needs a migrated database (DATABASE_URL, default the dev SQLite file); all
rows it creates are rolled back at the end. Uses the offline backend, so no
network. Prints times and query counts."""

import datetime
import os
import time
import uuid


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaptraining.settings.dev")
    import django

    django.setup()


class _Rollback(Exception):
    pass


def _timed(label, fn, repeat=1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        for _ in range(repeat):
            result = fn()
        elapsed = (time.perf_counter() - started) / repeat
    print(
        f"{label}: {elapsed * 1000:.2f} ms, {len(ctx.captured_queries) // repeat} queries"
    )
    return result


def bench_split():
    from kaptraining.payments.money import monthly_dates, split_evenly

    started = time.perf_counter()
    for total in range(100_000, 200_000):
        split_evenly(total, 12)
    per = (time.perf_counter() - started) / 100_000
    print(f"split_evenly(total, 12): {per * 1e6:.2f} µs per schedule")
    _timed(
        "monthly_dates(12)",
        lambda: monthly_dates(datetime.date(2027, 1, 31), 12),
        repeat=1000,
    )


def bench_db(n_trainees: int = 60):
    from django.conf import settings
    from django.db import transaction
    from django.template import Context, Template
    from django.test import Client
    from django.urls import reverse

    from kaptraining.payments.events import stripe_event_process, stripe_event_record
    from kaptraining.payments.models import Payment
    from kaptraining.payments.reports import REPORTS
    from kaptraining.payments.services import (
        account_save_card,
        arrangement_choose,
        instalment_charge,
        instalments_due_ids,
        payment_start,
        payment_succeed,
    )
    from tests.factories import UserFactory, make_home_page, make_program
    from tests.factories.payments import pending_enrolment, priced_cohort

    settings.PAYMENTS_BACKEND = "offline"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.ALLOWED_HOSTS = ["*"]
    settings.KAP_REQUIRE_STAFF_MFA = False
    try:
        with transaction.atomic():
            program = make_program(
                make_home_page(), slug=f"bench-pay-{uuid.uuid4().hex[:6]}"
            )
            cohort = priced_cohort(program, capacity=n_trainees + 5)
            enrolments = [pending_enrolment(cohort) for _ in range(n_trainees)]
            payments = []
            started = time.perf_counter()
            for e in enrolments:
                arrangement_choose(enrolment=e, arrangement="plan", instalments=12)
                payments.append(
                    payment_start(enrolment=e, success_url="x", cancel_url="y")[0]
                )
            per = (time.perf_counter() - started) / n_trainees
            print(
                f"choose a 12-month plan + open checkout: {per * 1000:.1f} ms per trainee"
            )

            # The first 20 settle through Stripe-shaped events (as if from the
            # webhook), the rest directly as the demo checkout does.
            Payment.objects.filter(pk__in=[p.pk for p in payments[:20]]).update(
                backend="stripe"
            )
            rows = []
            for p in payments[:20]:
                obj = {
                    "id": p.provider_ref,
                    "object": "checkout.session",
                    "mode": "payment",
                    "payment_status": "paid",
                    "payment_intent": f"pi_bench_{p.pk}",
                    "metadata": {"payment_id": str(p.pk)},
                }
                evt = {"id": f"evt_bench_{p.pk}", "type": "checkout.session.completed"}
                row, _ = stripe_event_record(event={**evt, "data": {"object": obj}})
                rows.append(row)
            started = time.perf_counter()
            for row in rows:
                stripe_event_process(stripe_event_id=row.pk)
            per = (time.perf_counter() - started) / len(rows)
            print(
                f"stripe_event_process (first delivery, settles payment): {per * 1000:.1f} ms"
            )
            _timed(
                "stripe_event_process (duplicate delivery)",
                lambda: stripe_event_process(stripe_event_id=rows[0].pk),
            )
            started = time.perf_counter()
            for p in payments[20:]:
                payment_succeed(payment_id=p.pk, provider_payment_ref=f"demo_pi_{p.pk}")
            per = (time.perf_counter() - started) / (n_trainees - 20)
            print(
                f"payment_succeed (instalment paid, enrolment active): {per * 1000:.1f} ms"
            )
            # The bench's Stripe-shaped rows go back to the offline backend so
            # the card lookup (an after-commit task) stays off the network.
            Payment.objects.filter(pk__in=[p.pk for p in payments[:20]]).update(
                backend="offline"
            )
            for p in payments:  # what the after-commit task does once the row commits
                account_save_card(payment_id=p.pk)

            due = enrolments[0].tuition.instalments.get(sequence=2).due_date
            ids = _timed(
                "instalments_due_ids (one batch)",
                lambda: instalments_due_ids(today=due, limit=500),
            )
            print(f"  instalments due on {due}: {len(ids)}")
            started = time.perf_counter()
            for pk in ids:
                instalment_charge(instalment_id=pk, today=due)
            print(
                f"instalment_charge (offline): {(time.perf_counter() - started) / max(1, len(ids)) * 1000:.1f} ms each"
            )

            for name, (fn, _cols) in REPORTS.items():
                rows = _timed(f"report {name}", fn)
                print(f"  {len(rows)} rows")

            client = Client()
            trainee = enrolments[0].trainee
            client.force_login(trainee)
            url = reverse("payments:account", args=[enrolments[0].pk])
            client.get(url)
            _timed(
                "GET tuition page (12 instalments, 2 payments)", lambda: client.get(url)
            )
            tag = Template("{% load payments_tags %}{% tuition_summary user %}")
            _timed(
                "dashboard tuition partial",
                lambda: tag.render(Context({"user": trainee})),
            )
            staff = UserFactory(is_staff=True, is_superuser=True)
            client.force_login(staff)
            overview = reverse("payments_overview")
            client.get(overview)
            _timed(
                f"GET staff overview ({n_trainees} accounts)",
                lambda: client.get(overview),
            )
            raise _Rollback
    except _Rollback:
        print("(rolled back)")


def main():
    _setup_django()
    bench_split()
    bench_db()


if __name__ == "__main__":
    main()
