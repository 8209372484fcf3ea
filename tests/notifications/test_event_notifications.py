"""The events that need a person's action or attention create a
notification, once per event key: practicum logs signed off (digest) and
returned, applications decided, instalments failed, certificates issued. An
event that sends its own required e-mail is listed without a second one."""

import pytest
from django.utils import timezone

from cohorts.models import ApplicationStatus
from cohorts.tasks import application_decision_email
from kaptraining.certificates.services import certificate_issue
from kaptraining.core.models import OutboundEmail
from kaptraining.notifications.models import Notification
from kaptraining.payments.models import Instalment, InstalmentStatus, TuitionAccount
from kaptraining.payments.services import (
    arrangement_choose,
    instalment_charge,
    payment_start,
)
from kaptraining.payments.services.checkout import payment_succeed
from kaptraining.practicums.services import (
    practicum_log_return,
    practicum_log_sign_off,
)
from tests.factories import CohortFactory, UserFactory
from tests.factories.certificates import make_eligible
from tests.factories.cohorts import ApplicationFactory
from tests.factories.payments import pending_enrolment, priced_cohort
from tests.factories.practicums import (
    PlacementFactory,
    PracticumLogFactory,
    PracticumSiteFactory,
    SupervisorFactory,
)

pytestmark = pytest.mark.django_db


def _notes(kind):
    return list(Notification.objects.filter(kind=kind))


def _mails(template):
    return OutboundEmail.objects.filter(template=template).count()


def _log(program):
    supervisor = SupervisorFactory()
    site = PracticumSiteFactory(supervisors=[supervisor])
    cohort = CohortFactory(program=program)
    log = PracticumLogFactory(placement=PlacementFactory(site=site, cohort=cohort))
    return log, supervisor


def test_log_signed_off_waits_for_the_digest(program):
    log, supervisor = _log(program)
    practicum_log_sign_off(log=log, by=supervisor)
    (note,) = _notes("practicum_signed_off")
    assert note.user == log.placement.trainee
    assert note.wants_digest and note.mailed_at is None
    assert _mails("notification") == 0


def test_log_returned_is_listed_with_its_one_required_mail(program):
    log, supervisor = _log(program)
    practicum_log_return(log=log, by=supervisor, comment="Add the phase.")
    (note,) = _notes("practicum_decided")
    assert note.user == log.placement.trainee
    assert note.body == "Add the phase."
    assert (_mails("practicum_returned"), _mails("notification")) == (1, 0)


def test_application_decided_once_per_decision(program):
    application = ApplicationFactory(
        cohort=CohortFactory(program=program),
        status=ApplicationStatus.ACCEPTED,
        decided_at=timezone.now(),
    )
    assert application_decision_email(application.pk)
    assert application_decision_email(application.pk)  # a redelivered task
    (note,) = _notes("application_decided")
    assert note.user == application.applicant
    assert "Accepted" in note.title
    assert (_mails("application_decision"), _mails("notification")) == (1, 0)


def test_instalment_failed_is_listed(program, django_capture_on_commit_callbacks):
    enrolment = pending_enrolment(priced_cohort(program))
    arrangement_choose(enrolment=enrolment, arrangement="plan", instalments=3)
    payment, _url = payment_start(
        enrolment=enrolment, success_url="http://t/", cancel_url="http://t/"
    )
    with django_capture_on_commit_callbacks(execute=True):
        payment_succeed(payment_id=payment.pk, provider_payment_ref="demo")
    # The trainee's saved card was removed: the next charge cannot be made.
    TuitionAccount.objects.filter(enrolment=enrolment).update(payment_method_id="")
    second = Instalment.objects.get(account__enrolment=enrolment, sequence=2)
    instalment_charge(instalment_id=second.pk, today=second.due_date)
    second.refresh_from_db()
    assert second.status == InstalmentStatus.FAILED  # no card saved
    (note,) = _notes("instalment_failed")
    assert note.user == enrolment.trainee
    assert (_mails("instalment_failed"), _mails("notification")) == (1, 0)


def test_certificate_issued_is_listed_once(program, committed):
    trainee = UserFactory()
    make_eligible(trainee, program, cohort=CohortFactory(program=program))
    with committed():
        certificate_issue(trainee=trainee, program=program)
    with committed():
        certificate_issue(trainee=trainee, program=program)
    (note,) = _notes("certificate_issued")
    assert note.user == trainee
    assert (_mails("certificate_issued"), _mails("notification")) == (1, 0)
