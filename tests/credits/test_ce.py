"""CE credit: awarding rule, partial attendance, certificates, exports, permissions."""

import csv
import datetime
import decimal
import io

import pytest
from django.urls import reverse

from kaptraining.credits import ce
from kaptraining.credits.checks import Outcome
from kaptraining.credits.models import CECertificate, CEParticipation
from tests.factories import UserFactory
from tests.factories.credits import (
    CEActivityCreditFactory,
    CEActivityFactory,
    CEApprovalFactory,
    CEParticipationFactory,
)

pytestmark = pytest.mark.django_db

EVALUATION = {"objectives_met": "5", "relevance": "4", "presenter": "5", "comments": ""}


@pytest.fixture
def webinar(db):
    activity = CEActivityFactory(contact_minutes=180)
    CEActivityCreditFactory(activity=activity, credit_hours=decimal.Decimal("3.00"))
    CEActivityCreditFactory(
        activity=activity,
        approval=CEApprovalFactory(
            body="state_board",
            board_name="CAMFT",
            approval_number="CAMFT-1",
            ce_broker_provider_number="50-9999",
        ),
        credit_hours=decimal.Decimal("3.00"),
    )
    return activity


def test_award_needs_attendance_and_evaluation(webinar):
    staff = UserFactory(is_staff=True)
    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())

    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    assert not CECertificate.objects.exists()

    ce.ce_attendance_verify(participation_id=p.pk, attended_minutes=180, by=staff)
    certificate = CECertificate.objects.get(participation=p)
    # A psychologist receives APA credit only (profession decides the body).
    assert [c["hours"] for c in certificate.credits] == ["3.00"]


def test_award_attendance_alone_is_not_enough(webinar):
    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=180, by=UserFactory(is_staff=True)
    )
    p.refresh_from_db()
    assert not CECertificate.objects.exists()
    assert [s.key for s in ce.award_status(p) if not s.met] == ["evaluation_submitted"]


def test_award_late_arrival_reduces_credit_to_quarter_hours(webinar):
    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=130, by=UserFactory(is_staff=True)
    )
    # 130/180 × 3 h = 2.17 h, rounded down to 2.00.
    assert [c["hours"] for c in CECertificate.objects.get().credits] == ["2.00"]


def test_award_zero_attendance_gives_no_certificate(webinar):
    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=0, by=UserFactory(is_staff=True)
    )
    p.refresh_from_db()
    assert not CECertificate.objects.exists()
    assert "No attendance was recorded" in " ".join(
        s.message for s in ce.award_status(p)
    )


def test_home_study_needs_passed_post_test(db):
    course = CEActivityFactory(
        kind="home_study", delivery_format="home_study", contact_minutes=240
    )
    CEActivityCreditFactory(activity=course, credit_hours=decimal.Decimal("4"))
    p = ce.ce_participation_open(activity=course, trainee=UserFactory())
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=240, by=UserFactory(is_staff=True)
    )
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_post_test_record(participation_id=p.pk, score_percent=60)
    assert not CECertificate.objects.exists()

    ce.ce_post_test_record(participation_id=p.pk, score_percent=80)
    assert CECertificate.objects.get().credits[0]["hours"] == "4.00"


def test_certificate_copies_accreditor_fields(webinar):
    trainee = UserFactory(
        certificate_name="Dr. Ada Lovelace, PsyD",
        licence_number="PSY 4242",
        licence_state="CA",
    )
    p = ce.ce_participation_open(activity=webinar, trainee=trainee)
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=180, by=UserFactory(is_staff=True)
    )
    # Later profile and activity edits do not change the certificate.
    trainee.licence_number = "CHANGED"
    trainee.save()
    webinar.title = "Renamed"
    webinar.save()

    cert = CECertificate.objects.get()
    assert (cert.participant_name, cert.licence_number, cert.licence_state) == (
        "Dr. Ada Lovelace, PsyD",
        "PSY 4242",
        "CA",
    )
    assert cert.activity_title != "Renamed"
    assert cert.delivery_format == "live_webinar"
    assert [c["body"] for c in cert.credits] == ["apa"]
    assert cert.credits[0]["statement"].startswith("This organisation is approved")
    assert cert.provider_name


def test_award_is_idempotent(webinar):
    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=180, by=UserFactory(is_staff=True)
    )
    again, created = ce.ce_certificate_award(participation_id=p.pk)
    assert not created
    assert CECertificate.objects.count() == 1
    assert again.participation_id == p.pk


def test_award_check_can_be_replaced_by_another_app(webinar):
    original = ce._award_checks["attendance_verified"]
    ce.register_award_check(
        "attendance_verified", label="From cohorts", missing="x", replace=True
    )(lambda p: Outcome(True))
    try:
        p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
        p.attended_minutes = 180
        p.save()
        ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
        assert CECertificate.objects.filter(participation=p).exists()
    finally:
        ce._award_checks["attendance_verified"] = original


def test_evaluation_twice_is_refused(webinar):
    from django.core.exceptions import ValidationError

    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    with pytest.raises(ValidationError):
        ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)


# --- Views ---------------------------------------------------------------------------


def test_evaluation_view_own_participation_only(client, webinar):
    p = CEParticipationFactory(activity=webinar)
    client.force_login(UserFactory())
    assert (
        client.post(
            reverse("credits:ce_evaluation", args=[p.pk]), EVALUATION
        ).status_code
        == 404
    )
    assert CEParticipation.objects.get(pk=p.pk).evaluation_submitted_at is None


def test_evaluation_view_incomplete_is_refused(client, webinar):
    p = CEParticipationFactory(activity=webinar)
    client.force_login(p.trainee)
    response = client.post(
        reverse("credits:ce_evaluation", args=[p.pk]), {"objectives_met": "9"}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert CEParticipation.objects.get(pk=p.pk).evaluation_submitted_at is None


def test_evaluation_view_submits_and_my_ce_shows_status(client, webinar):
    p = CEParticipationFactory(activity=webinar)
    client.force_login(p.trainee)
    response = client.post(reverse("credits:ce_evaluation", args=[p.pk]), EVALUATION)
    assert response.status_code == 302
    page = client.get(reverse("credits:my_ce")).content.decode()
    assert "Attendance has not been verified yet." in page
    assert "Evaluation submitted" in page


def test_roster_staff_only(client, webinar):
    client.force_login(UserFactory(is_trainer=True))
    assert (
        client.get(reverse("credits:ce_roster", args=[webinar.pk])).status_code == 404
    )
    assert (
        client.get(reverse("credits:ce_broker_export", args=[webinar.pk])).status_code
        == 404
    )


def test_roster_staff_adds_verifies_and_awards(client, webinar):
    staff = UserFactory(is_staff=True)
    trainee = UserFactory()
    client.force_login(staff)
    url = reverse("credits:ce_roster", args=[webinar.pk])

    assert (
        client.post(url, {"action": "add", "email": "nobody@example.org"}).status_code
        == 400
    )
    assert (
        client.post(url, {"action": "add", "email": trainee.email}).status_code == 302
    )
    p = CEParticipation.objects.get(trainee=trainee)
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    bad = client.post(
        url, {"action": "attendance", "participation": p.pk, "attended_minutes": "-5"}
    )
    assert bad.status_code == 400
    assert not CECertificate.objects.exists()
    ok = client.post(
        url, {"action": "attendance", "participation": p.pk, "attended_minutes": "180"}
    )
    assert ok.status_code == 302
    assert CECertificate.objects.filter(trainee=trainee).exists()


def test_ce_certificate_owner_and_staff_only_and_pdf(client, webinar):
    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=180, by=UserFactory(is_staff=True)
    )
    cert = CECertificate.objects.get()
    client.force_login(UserFactory())
    assert (
        client.get(reverse("credits:ce_certificate", args=[cert.number])).status_code
        == 404
    )
    client.force_login(p.trainee)
    html = client.get(
        reverse("credits:ce_certificate", args=[cert.number])
    ).content.decode()
    assert cert.licence_number in html and "APA" in html
    pdf = client.get(reverse("credits:ce_certificate_pdf", args=[cert.number]))
    assert pdf.content[:5] == b"%PDF-"


def test_ce_broker_export_rows(client, webinar):
    trainee = UserFactory(
        licence_number="LMFT 777", licence_state="CA", profession="mft"
    )
    p = ce.ce_participation_open(activity=webinar, trainee=trainee)
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=180, by=UserFactory(is_staff=True)
    )
    client.force_login(UserFactory(is_staff=True))

    body = client.get(
        reverse("credits:ce_broker_export", args=[webinar.pk])
    ).content.decode()

    rows = list(csv.DictReader(io.StringIO(body)))
    # Only the CAMFT approval has a CE Broker provider number.
    assert rows == [
        {
            "provider_tracking_number": "50-9999",
            "course_number": "20-123456",
            "licence_number": "LMFT 777",
            "completion_date": CECertificate.objects.get().completed_on.strftime(
                "%m/%d/%Y"
            ),
            "state": "CA",
            "profession": "mft",
            "hours": "3.00",
            "first_name": trainee.first_name,
            "last_name": trainee.last_name,
        }
    ]


def test_credit_awarded_rounds_down_to_quarter_hour():
    assert ce.credit_awarded(
        decimal.Decimal("3"), attended=179, contact=180, home_study=False
    ) == decimal.Decimal("2.75")
    assert ce.credit_awarded(
        decimal.Decimal("3"), attended=10, contact=180, home_study=True
    ) == decimal.Decimal("3")
    assert (
        ce.credit_awarded(
            decimal.Decimal("1.5"), attended=0, contact=90, home_study=False
        )
        == 0
    )


def test_activity_dates_in_transcript(client, webinar):
    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=180, by=UserFactory(is_staff=True)
    )
    client.force_login(p.trainee)
    html = client.get(reverse("credits:transcript")).content.decode()
    assert webinar.title in html
    assert "3.00 APA" in html
    assert CECertificate.objects.get().completed_on <= datetime.date.today()


def test_ce_activities_page_staff_only(client, webinar):
    client.force_login(UserFactory())
    assert client.get(reverse("credits:ce_activities")).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    html = client.get(reverse("credits:ce_activities")).content.decode()
    assert webinar.title in html
    assert reverse("credits:ce_roster", args=[webinar.pk]) in html


def test_award_issues_a_verifiable_certificate_after_commit(
    client, webinar, django_capture_on_commit_callbacks
):
    """A CE certificate is also verifiable: number, public page, credential."""
    from kaptraining.certificates.models import Certificate

    trainee = UserFactory(licence_number="PSY 4242")
    p = ce.ce_participation_open(activity=webinar, trainee=trainee)
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    with django_capture_on_commit_callbacks(execute=True):
        ce.ce_attendance_verify(
            participation_id=p.pk, attended_minutes=180, by=UserFactory(is_staff=True)
        )
        # A repeated award (e.g. a second staff click) changes nothing.
        ce.ce_certificate_award(participation_id=p.pk)

    certificate = Certificate.objects.get(trainee=trainee)
    assert (certificate.kind, certificate.award_key) == ("ce", f"ce:{webinar.pk}")
    assert certificate.hours_minutes == 180  # 3 hours, whichever body credits it
    assert certificate.details["licence_number"] == "PSY 4242"
    assert [c["body"] for c in certificate.details["credits"]] == [
        "APA (psychologists)"
    ]
    page = client.get(reverse("certificates:verify", args=[certificate.number]))
    assert page.status_code == 200
    assert "This certificate is valid." in page.content.decode()


# --- Links to the verifiable certificate ---------------------------------------------


def _award(trainee, activity, capture):
    """Award a CE certificate; the verifiable one is issued after commit."""
    p = ce.ce_participation_open(activity=activity, trainee=trainee)
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    with capture(execute=True):
        ce.ce_attendance_verify(
            participation_id=p.pk,
            attended_minutes=activity.contact_minutes,
            by=UserFactory(is_staff=True),
        )
    return CECertificate.objects.get(participation=p)


def test_ce_pages_link_to_verification_page_and_pdf(
    client, webinar, django_capture_on_commit_callbacks
):
    from kaptraining.certificates.models import Certificate

    trainee = UserFactory()
    cert = _award(trainee, webinar, django_capture_on_commit_callbacks)
    verifiable = Certificate.objects.get(trainee=trainee, award_key=f"ce:{webinar.pk}")
    verify_url = reverse("certificates:verify", args=[verifiable.number])
    pdf_url = reverse("certificates:pdf", args=[verifiable.number])
    client.force_login(trainee)

    pages = [
        client.get(reverse("credits:my_ce")).content.decode(),
        client.get(
            reverse("credits:ce_certificate", args=[cert.number])
        ).content.decode(),
        client.get(reverse("credits:transcript")).content.decode(),
    ]

    assert verifiable.pdf  # the certificates app offers the holder its PDF
    for html in pages:
        assert f'href="{verify_url}"' in html
        assert f'href="{pdf_url}"' in html
    # The link leads to the public page, which anyone may open.
    client.logout()
    public = client.get(verify_url)
    assert public.status_code == 200
    assert "This certificate is valid." in public.content.decode()


def test_ce_certificate_staff_sees_verification_link(
    client, webinar, django_capture_on_commit_callbacks
):
    from kaptraining.certificates.models import Certificate

    cert = _award(UserFactory(), webinar, django_capture_on_commit_callbacks)
    verifiable = Certificate.objects.get(award_key=f"ce:{webinar.pk}")
    client.force_login(UserFactory(is_staff=True))

    html = client.get(
        reverse("credits:ce_certificate", args=[cert.number])
    ).content.decode()

    assert reverse("certificates:verify", args=[verifiable.number]) in html


def test_ce_trainer_sees_verification_but_not_holders_pdf(
    client, setup, webinar, django_capture_on_commit_callbacks
):
    """A trainer may see a trainee's transcript, so the public link, but the
    certificates app serves the PDF only to the holder and staff."""
    from kaptraining.certificates.models import Certificate

    enrolment = setup.enrolment
    _award(enrolment.trainee, webinar, django_capture_on_commit_callbacks)
    verifiable = Certificate.objects.get(award_key=f"ce:{webinar.pk}")
    trainer = UserFactory(is_trainer=True)
    enrolment.cohort.trainers.add(trainer)
    client.force_login(trainer)

    html = client.get(
        reverse("credits:trainee_transcript", args=[enrolment.trainee.pk])
    ).content.decode()

    assert reverse("certificates:verify", args=[verifiable.number]) in html
    assert reverse("certificates:pdf", args=[verifiable.number]) not in html


def test_ce_verification_link_before_issue_says_it_is_being_prepared(client, webinar):
    # Without running after-commit callbacks, the certificates task never ran.
    p = ce.ce_participation_open(activity=webinar, trainee=UserFactory())
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(
        participation_id=p.pk, attended_minutes=180, by=UserFactory(is_staff=True)
    )
    client.force_login(p.trainee)

    html = client.get(reverse("credits:my_ce")).content.decode()

    assert "The public verification page is being prepared." in html
    assert "/verify/KAP-" not in html


def test_ce_verification_link_prefers_valid_after_a_revocation(
    client, webinar, django_capture_on_commit_callbacks
):
    from kaptraining.certificates.models import Certificate

    trainee = UserFactory()
    _award(trainee, webinar, django_capture_on_commit_callbacks)
    old = Certificate.objects.get(trainee=trainee)
    Certificate.objects.filter(pk=old.pk).update(
        status="revoked", status_reason="Issued in error"
    )
    new = Certificate.objects.create(
        trainee=trainee,
        kind="ce",
        award_key=f"ce:{webinar.pk}",
        award_title=webinar.title,
        holder_name=trainee.display_name,
        issued_at=old.issued_at - datetime.timedelta(days=1),  # older, but valid
    )
    client.force_login(trainee)

    html = client.get(reverse("credits:my_ce")).content.decode()

    assert reverse("certificates:verify", args=[new.number]) in html
    assert reverse("certificates:verify", args=[old.number]) not in html


def test_my_ce_constant_queries_with_verification_links(
    client, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    trainee = UserFactory()
    client.force_login(trainee)
    counts = []
    for _ in range(2):
        for _ in range(3):
            activity = CEActivityFactory(contact_minutes=60)
            CEActivityCreditFactory(activity=activity)
            _award(trainee, activity, django_capture_on_commit_callbacks)
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(reverse("credits:my_ce")).content.decode()
        counts.append(len(ctx.captured_queries))

    assert html.count('href="/verify/KAP-') == 6
    assert counts[0] == counts[1]
