"""A trainee's real records for route-by-route tests (the permission matrix
and the odd-input sweep): one world, and the arguments of every named route
of the project."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from cohorts.community import thread_start
from cohorts.models import CalendarToken
from kaptraining.certificates.services import certificate_issue
from kaptraining.credits.exports import transcript_export_request
from kaptraining.credits.services import ledger_credit
from kaptraining.payments.services import payment_start
from kaptraining.payments.services.checkout import payment_succeed
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, lessons_of
from tests.factories.certificates import make_eligible
from tests.factories.cohorts import ApplicationFactory, LiveSessionFactory
from tests.factories.credits import (
    CEActivityFactory,
    CEParticipationFactory,
    ExternalHoursClaimFactory,
)
from tests.factories.directory import ListingFactory
from tests.factories.mentorship import (
    MentorMeetingFactory,
    MentorProfileFactory,
    PairFactory,
)
from tests.factories.practicums import (
    PlacementFactory,
    PracticumLogFactory,
    PracticumSiteFactory,
)
from tests.routes_helpers import routes

LICENCE = "PSY 7731-MATRIX"
PRIVATE_NOTE = "Matrix-private-credit-entry"
MISSING = 999_999
LOGIN = "/accounts/login/"
NAMED = sorted(
    {
        name
        for _route, name, _path, _access, match in routes()
        if name
        and match is not None
        and match.func.__module__.startswith(("kaptraining.", "cohorts."))
    }
)


@dataclass
class World:
    program: object
    cohort: object
    enrolment: object
    owner: object
    people: dict
    objects: dict


@pytest.fixture(name="world")
def world_fixture(program, settings):
    settings.PAYMENTS_BACKEND = "offline"
    owner = UserFactory(email="owner.matrix@example.org", licence_number=LICENCE)
    cohort = CohortFactory(program=program)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    enrolment = EnrolmentFactory(cohort=cohort, trainee=owner)
    make_eligible(owner, program, cohort=cohort)
    ledger_credit(
        trainee=owner,
        program=program,
        category="didactic",
        minutes=30,
        source="adjustment",
        source_id="matrix",
        description=PRIVATE_NOTE,
    )
    certificate, _ = certificate_issue(trainee=owner, program=program)
    session = LiveSessionFactory(cohort=cohort)
    application = ApplicationFactory(
        cohort=CohortFactory(program=program, admission="application"),
        applicant=owner,
        licence_number=LICENCE,
    )
    claim = ExternalHoursClaimFactory(trainee=owner, program=program)
    export = transcript_export_request(trainee=owner, requested_by=owner)
    ce_participation = CEParticipationFactory(
        activity=CEActivityFactory(), trainee=owner
    )
    thread = thread_start(cohort=cohort, author=owner, title="Dosing", body="Notes")
    token = CalendarToken.objects.create(user=owner)
    pending = EnrolmentFactory(
        cohort=CohortFactory(program=program), trainee=owner, status="pending_payment"
    )
    payment, _url = payment_start(
        enrolment=pending, success_url="http://x/", cancel_url="http://x/"
    )
    paid = payment_succeed(
        payment_id=payment_start(
            enrolment=EnrolmentFactory(
                cohort=CohortFactory(program=program),
                trainee=owner,
                status="pending_payment",
            ),
            success_url="http://x/",
            cancel_url="http://x/",
        )[0].pk
    )

    mentor_profile = MentorProfileFactory()
    pair = PairFactory(trainee=owner, mentor=mentor_profile, round__cohort=cohort)
    meeting = MentorMeetingFactory(pair=pair, logged_by=owner)
    supervisor = UserFactory(is_supervisor=True)
    site = PracticumSiteFactory(supervisors=[supervisor])
    placement = PlacementFactory(site=site, trainee=owner, cohort=cohort)
    log = PracticumLogFactory(placement=placement)
    listing = ListingFactory(user=owner)

    other_cohort = CohortFactory(program=program)
    other_trainer = UserFactory(is_trainer=True)
    other_cohort.trainers.add(other_trainer)
    other = EnrolmentFactory(cohort=other_cohort).trainee

    people = {
        "anonymous": None,
        "owner": owner,
        "other trainee": other,
        "trainer of another cohort": other_trainer,
        "trainer of the cohort": trainer,
        "mentor": mentor_profile.user,
        "supervisor": supervisor,
        "staff without MFA": UserFactory(is_staff=True, is_superuser=True, mfa=False),
        "staff with MFA": UserFactory(is_staff=True, is_superuser=True),
    }
    lesson = lessons_of(program)[0]
    objects = {
        "cohort": cohort.pk,
        "application_cohort": application.cohort_id,
        "enrolment": enrolment.pk,
        "pending": pending.pk,
        "lesson": lesson.pk,
        "course": lesson.get_parent().get_parent().pk,
        "application": application.pk,
        "thread": thread.pk,
        "session": session.pk,
        "token": token.token,
        "claim": claim.pk,
        "entry": owner.ledger_entries.first().pk,
        "owner": owner.pk,
        "export": export.pk,
        "ce_participation": ce_participation.pk,
        "ce_activity": ce_participation.activity_id,
        "certificate": certificate.number,
        "payment": paid.pk,
        "pending_payment": payment.pk,
        "pair": pair.pk,
        "meeting": meeting.pk,
        "round": pair.round_id,
        "placement": placement.pk,
        "log": log.pk,
        "listing": listing.pk,
    }
    return World(program, cohort, enrolment, owner, people, objects)


# URL name -> its arguments, from the world's objects (None: the route takes
# none). Every named route of the project must be here: a new route fails
# test_every_named_route_is_in_the_matrix until it is added.
ARGS = {
    "healthz": None,
    "hello": None,  # 404 unless KAP_BENCH_HELLO (issue 19's benchmark)
    "dashboard": None,
    "profile": None,
    "language_set": None,  # POST only (the switcher's form)
    "cohorts:list": None,
    "cohorts:detail": ["cohort"],
    "cohorts:enrol": ["cohort"],
    "cohorts:enrolment": ["enrolment"],
    "cohorts:complete_lesson": ["lesson"],
    "cohorts:apply": ["application_cohort"],
    "cohorts:application": ["application"],
    "cohorts:licence_document": ["application"],
    "cohorts:offer_answer": [MISSING, "accept"],
    "cohorts:invitation": ["forged-token"],
    "cohorts:home": ["cohort"],
    "cohorts:discussion": ["cohort"],
    "cohorts:thread": ["thread"],
    "cohorts:thread_moderate": ["thread", "hide"],
    "cohorts:post_hide": [MISSING],
    "cohorts:cohort_calendar": ["cohort"],
    "cohorts:trainee_calendar": ["token"],
    "cohorts:calendar_token_reset": None,
    "cohorts:manage": ["cohort"],
    "cohorts:roster_csv": ["cohort"],
    "cohorts:roster_import": ["cohort"],
    "cohorts:announce": ["cohort"],
    "cohorts:session_new": ["cohort"],
    "cohorts:session_edit": ["cohort", "session"],
    "cohorts:session_cancel": ["session"],
    "cohorts:attendance": ["session"],
    "cohorts:attendance_upload": ["session"],
    "cohorts:attendance_marking": [MISSING],
    "cohorts:attendance_review": [MISSING],
    "curriculum:search": None,
    "curriculum:journal": None,
    "curriculum:quiz_submit": ["lesson"],
    "curriculum:note_save": ["lesson"],
    "curriculum:media_progress": ["lesson"],
    "certificates:public_credential": ["certificate"],
    "certificates:ob_achievement": ["program-1"],
    "curriculum:journal_save": ["lesson", "block"],
    "curriculum:attempt": [MISSING],
    "curriculum:evaluation": ["lesson"],
    "curriculum:elective_choose": ["course"],
    "curriculum:cohort_quizzes": ["cohort"],
    "curriculum:item_analysis": ["cohort", "lesson"],
    "curriculum:review_response": [MISSING],
    "credits:my_hours": ["program"],
    "credits:external_submit": ["program"],
    "credits:claim_evidence": ["claim"],
    "credits:entry_reverse": ["entry"],
    "credits:review_list": None,
    "credits:review_detail": ["claim"],
    "credits:transcript": None,
    "credits:transcript_pdf": None,
    "credits:transcript_export": ["export"],
    "credits:transcript_export_download": ["export"],
    "credits:trainee_transcript": ["owner"],
    "credits:trainee_transcript_pdf": ["owner"],
    "credits:cohort_transcript": ["cohort"],
    "credits:my_ce": None,
    "credits:ce_evaluation": ["ce_participation"],
    "credits:ce_certificate": ["CE-MISSING"],
    "credits:ce_certificate_pdf": ["CE-MISSING"],
    "credits:ce_activities": None,
    "credits:ce_roster": ["ce_activity"],
    "credits:ce_broker_export": ["ce_activity"],
    "practicums:home": None,
    "practicums:placement_request": None,
    "practicums:log_create": ["placement"],
    "practicums:log_detail": ["log"],
    "practicums:log_revise": ["log"],
    "practicums:review_list": None,
    "practicums:review_detail": ["log"],
    "practicums:external_review": ["forged-token"],
    "mentorship:home": None,
    "mentorship:profile": None,
    "mentorship:preferences": ["round"],
    "mentorship:pair": ["pair"],
    "mentorship:log_meeting": ["pair"],
    "mentorship:rematch": ["pair"],
    "mentorship:recommend": ["pair"],
    "mentorship:confirm_meeting": ["meeting"],
    "mentorship:dispute_meeting": ["meeting"],
    "payments:account": ["pending"],
    "payments:apply_code": ["pending"],
    "payments:apply_tier": ["pending"],
    "payments:choose": ["pending"],
    "payments:checkout": ["pending"],
    "payments:done": ["pending"],
    "payments:card": ["pending"],
    "payments:receipt": ["payment"],
    "payments:demo_checkout": ["pending_payment"],
    "payments:demo_card": [MISSING],
    "payments:stripe_webhook": None,
    "directory:mine": None,
    "directory:detail": ["listing"],
    "directory:contact": ["listing"],
    "directory:contact_token": ["listing"],
    "directory:photo": ["listing"],
    "directory:embed": None,
    "directory:api_listings": None,
    "directory:api_listing": ["listing"],
    # retreats (ids of no record: the access rule answers before the view)
    "retreats:register": [MISSING],
    "retreats:registration": [MISSING],
    "retreats:cancel": [MISSING],
    "retreats:manage": None,
    "retreats:run": [MISSING],
    "retreats:venue": [MISSING],
    "retreats:venue_csv": [MISSING],
    "retreats:venue_pdf": [MISSING],
    "retreats:arrivals": [MISSING],
    "retreats:check_in": [MISSING],
    "retreats:badges": [MISSING],
    "retreats:days": [MISSING],
    "retreats:attendance": [MISSING, MISSING],
    "retreats:message": [MISSING],
    "retreats:certificates": [MISSING],
    "retreats:staff_cancel": [MISSING],
    "retreats:transfer": [MISSING],
    "certificates:lookup": None,
    "certificates:verify": ["certificate"],
    "certificates:verify_api": ["certificate"],
    "certificates:pdf": ["certificate"],
    "certificates:credential": ["certificate"],
    "certificates:ob_issuer": None,
    "certificates:ob_key": None,
    "certificates:ob_status_list": None,
    # staff screens the apps add to the Wagtail admin
    "payments_overview": None,
    "payments_report_csv": ["revenue"],
    "payments_tier_decide": [MISSING],
    "payments_refund": ["payment"],
    "practicum_resend_links": ["log"],
    "mentorship_pairing": ["round"],
    "certificate_admin:index": None,
    "certificate_admin:index_results": None,
    "certificate_admin:inspect": [MISSING],
    "certificate_admin:revoke": [MISSING],
    "certificate_admin:reissue": [MISSING],
    "certificate_admin:issue_cohort": None,
    "certificate_hold_admin:index": None,
    "certificate_hold_admin:index_results": None,
    "certificate_hold_admin:add": None,
    "certificate_hold_admin:release": [MISSING],
    "listings_admin:index": None,
    "listings_admin:index_results": None,
    "listings_admin:moderate": ["listing"],
    "window_extension_admin:add": None,
    "requirement_signoff_admin:add": None,
    "cohort_application_admin:edit": ["application"],
    "enrolment_admin:edit": ["enrolment"],
    "cohort_session_admin:edit": ["session"],
    "cohort_announcement_admin:add": None,
    "practicum_placement_admin:add": None,
    "practicum_placement_admin:edit": ["placement"],
    # continuing education (kaptraining/ce)
    "ce:home_study": None,
    "ce:evaluation": ["ce_participation"],
    "ce:transcript": None,
    "ce:transcript_file": ["csv"],
    "ce:trainee_transcript": ["owner"],
    "ce:trainee_transcript_file": ["owner", "csv"],
    "ce:evaluation_report": ["ce_activity"],
    "ce:evaluation_report_csv": ["ce_activity"],
    "ce:ce_broker_xlsx": ["ce_activity"],
    "ce_override_admin:add": None,
    # newsletter (mailing list)
    "newsletter:subscribe": None,
    "newsletter:confirm": ["forged-token"],
    "newsletter:unsubscribe": ["forged-token"],
    "newsletter_broadcasts:list": None,
    "newsletter_broadcasts:list_results": None,
    "newsletter_broadcasts:send": [MISSING],
    "newsletter_subscribers:list": None,
    "newsletter_subscribers:list_results": None,
    "newsletter_subscribers:export": [MISSING, "json"],
    "newsletter_subscribers:erase": [MISSING],
    # lesson media (issue 20): the lesson's own gate decides (tests/curriculum)
    "lesson_media": ["lesson", MISSING, "file"],
    # consent practice (issue 20): whose record it is, tests/practice
    "practice:home": None,
    "practice:submit": [MISSING],
    "practice:submission": [MISSING],
    "practice:recording": [MISSING],
    "practice:review": [MISSING],
    "practice:queue": None,
    # workspace and notifications (issue 18)
    "workspace:bulk_sign_off": None,
    "workspace:trainer_claims": None,
    "workspace:trainer_claim_decide": ["claim"],
    "workspace:trainer_logs": None,
    "workspace:trainer_log_decide": ["log"],
    "workspace:trainer_pairing": ["round"],
    "mentorship:plan_meeting": ["pair"],
    "mentorship:cancel_planned": [MISSING],
    "notifications:index": None,
    "notifications:read": [MISSING],
    "notifications:read_all": None,
    "notifications:preferences": None,
    "cohorts:thread_follow": ["thread"],
    # directory: availability confirmation, POST-only, the signed-in person's
    # own listing (issue 21)
    "directory:confirm": None,
}

# Pages the owner opens with a GET and gets (200). POST-only routes answer a
# GET with 405; a few send the owner on (302).
OWNER_PAGES = {
    "ce:evaluation",
    "ce:transcript",
    "ce:transcript_file",
    "ce:trainee_transcript",
    "ce:trainee_transcript_file",
    "dashboard",
    "profile",
    "cohorts:enrolment",
    "cohorts:application",
    "cohorts:licence_document",
    "cohorts:home",
    "cohorts:discussion",
    "cohorts:thread",
    "cohorts:trainee_calendar",
    "credits:my_hours",
    "credits:external_submit",
    "credits:claim_evidence",
    "credits:transcript",
    "credits:transcript_pdf",
    "credits:transcript_export",
    "credits:my_ce",
    "credits:ce_evaluation",
    "credits:trainee_transcript",
    "credits:trainee_transcript_pdf",
    "practicums:home",
    "practicums:log_create",
    "practicums:log_detail",
    "mentorship:home",
    "mentorship:pair",
    "payments:account",
    "payments:receipt",
    "payments:demo_checkout",
    "directory:mine",
    "certificates:pdf",
    "certificates:credential",
    "curriculum:journal",
    "curriculum:search",
    "practice:home",
}
STAFF_PAGES = {
    "ce:evaluation_report",
    "ce:evaluation_report_csv",
    "ce:ce_broker_xlsx",
    "ce:trainee_transcript",
    "credits:review_list",
    "credits:review_detail",
    "credits:entry_reverse",
    "credits:ce_activities",
    "credits:ce_roster",
    "credits:ce_broker_export",
    "credits:trainee_transcript",
    "cohorts:manage",
    "cohorts:roster_csv",
    "cohorts:licence_document",
    "payments_overview",
    "payments_refund",
    "certificate_admin:index",
    "listings_admin:index",
    "enrolment_admin:edit",
    "cohort_application_admin:edit",
    "payments:receipt",
    "certificates:pdf",
    "retreats:manage",
}
MENTOR_PAGES = {"mentorship:pair", "mentorship:home", "mentorship:profile"}
SUPERVISOR_PAGES = {
    "practicums:review_list",
    "practicums:review_detail",
    "practicums:log_detail",
}
# Who may see the owner's details at all on some page.
RELATED = {"owner", "trainer of the cohort", "mentor", "supervisor", "staff with MFA"}


def _url(world, name):
    spec = ARGS[name]
    if spec is None:
        return reverse(name)
    args = []
    for item in spec:
        if item == "program":
            args.append(world.program.pk)
        elif item == "block":
            args.append("00000000-0000-0000-0000-000000000000")
        elif isinstance(item, str) and item in world.objects:
            args.append(world.objects[item])
        else:
            args.append(item)
    return reverse(name, args=args)
