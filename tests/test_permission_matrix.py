"""The permission matrix (issue 14): every named route of the project, as each
kind of visitor, against one trainee's real records.

Visitors: anonymous, the trainee who owns the records, another trainee, a
trainer of another cohort, the trainee's mentor, the supervisor of their
practicum site, staff without MFA and staff with MFA. For every route and
visitor: no 500; the sign-in, MFA and role answers of the access rule; the
owner (and staff, mentor, supervisor where the page is theirs) gets the page;
and nobody unrelated sees the trainee's private details.
"""

import pytest
from django.urls import reverse

from tests.route_world import (  # noqa: F401  (world is a fixture)
    ARGS,
    LICENCE,
    LOGIN,
    MENTOR_PAGES,
    NAMED,
    OWNER_PAGES,
    PRIVATE_NOTE,
    RELATED,
    STAFF_PAGES,
    SUPERVISOR_PAGES,
    _url,
    world_fixture,
)

pytestmark = pytest.mark.django_db


def test_every_named_route_is_in_the_matrix():
    assert sorted(set(NAMED) - set(ARGS)) == []
    assert sorted(set(ARGS) - set(NAMED)) == []


def test_permission_matrix(client, world):
    from django.urls import resolve

    from kaptraining.core.access import access_for_match

    failures = []
    # Every GET first: the POSTs act (an empty form may still reset a
    # calendar link), and must not change what the GETs are judged on.
    for method, (who, user) in (
        (m, p) for m in ("get", "post") for p in world.people.items()
    ):
        client.logout()
        if user is not None:
            client.force_login(user)
        for name in NAMED:
            url = _url(world, name)
            access = access_for_match(resolve(url))
            response = getattr(client, method)(url)
            status = response.status_code
            location = response.get("Location", "")
            body = b"" if response.streaming else response.content
            where = f"{who} {method.upper()} {name} {url}: {status} {location}"
            if status >= 500:
                failures.append(f"{where} (server error)")
                continue
            if access.signed_in and user is None:
                if not (status == 302 and location.startswith(LOGIN)):
                    failures.append(f"{where} (anonymous not sent to sign in)")
                continue
            if (
                access.signed_in
                and who == "staff without MFA"
                and (not access.roles or "staff" in access.roles)
            ):
                if not location.startswith(reverse("mfa_activate_totp")):
                    failures.append(f"{where} (staff in without MFA)")
                continue
            if who not in RELATED and (
                LICENCE.encode() in body or PRIVATE_NOTE.encode() in body
            ):
                failures.append(f"{where} (leaks the owner's details)")
            if (
                method == "get"
                and status != 200
                and (
                    (who == "owner" and name in OWNER_PAGES)
                    or (who == "staff with MFA" and name in STAFF_PAGES)
                    or (who == "mentor" and name in MENTOR_PAGES)
                    or (who == "supervisor" and name in SUPERVISOR_PAGES)
                )
            ):
                failures.append(f"{where} (its own page refused)")
            if (
                access.roles
                and who in ("owner", "other trainee")
                and status not in (302, 403, 404)
            ):
                failures.append(f"{where} (role route not refused)")
    assert failures == []


def test_owner_records_are_not_found_for_unrelated_people(client, world):
    """The owner's own records, by id, answer 404 to anyone unrelated."""
    owned = [
        "cohorts:enrolment",
        "cohorts:application",
        "cohorts:licence_document",
        "credits:claim_evidence",
        "credits:transcript_export",
        "credits:transcript_export_download",
        "credits:trainee_transcript",
        "credits:trainee_transcript_pdf",
        "credits:ce_evaluation",
        "practicums:log_detail",
        "mentorship:pair",
        "payments:account",
        "payments:receipt",
        "payments:demo_checkout",
        "certificates:pdf",
        "certificates:credential",
    ]
    for who in ("other trainee", "trainer of another cohort"):
        client.force_login(world.people[who])
        for name in owned:
            status = client.get(_url(world, name)).status_code
            assert status == 404, (who, name, status)
