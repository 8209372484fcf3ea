"""Continuing education in the demo: the organisation's CE approvals and a
self-paced home-study course, "KAP: latest research, mechanisms and best
practices" (3 CE hours), sold through the one checkout.

Imani, a social worker in New York, bought it three weeks ago in the demo
checkout, studied its three lessons over a fortnight, failed the post-test
once, passed it the next day, submitted the evaluation and so received her
CE certificate (ASWB ACE, 3 credits) from the same award and certificate
path as every other CE activity. Her hours come from the lessons she
completed; her CE credit from the post-test and evaluation she submitted."""

# ruff: noqa: E501  (course prose reads better unwrapped)

import datetime
import decimal

from dateutil.relativedelta import relativedelta

from cohorts.models import Cohort, CohortFormat, CohortStatus
from kaptraining.ce.models import ActivityProfile
from kaptraining.ce.services import ce_evaluation_record
from kaptraining.core.categories import Category
from kaptraining.credits.models import (
    CEActivity,
    CEActivityCredit,
    CEApproval,
    CEParticipation,
)
from kaptraining.curriculum.models import (
    CoursePage,
    ProgramCategoryRequirement,
    ProgramPage,
)
from kaptraining.study.services import lesson_complete

from .base import Demo, at, local
from .content.blocks import heading, p, quiz, several, single, true_false
from .curriculum import ORGANISATION, _module, home_page
from .payments import enrol_and_pay
from .people import NY, _trainee
from .study import Learner, quiz_take, study_lesson

HOME_STUDY_SLUG = "kap-latest-research"
HOME_STUDY_TITLE = "KAP: latest research, mechanisms and best practices"
HOME_STUDY_PRICE_CENTS = 12_000
IMANI = (
    "Imani",
    "Sutherland",
    _trainee("social_worker", "lcsw", "NY", "LCSW 084213", NY),
)

APPROVALS = [
    (
        "apa",
        "",
        "APA-DEMO-1042",
        "",
        "{org} is approved by the American Psychological Association to sponsor continuing education for psychologists. {org} maintains responsibility for this program and its content.",
    ),
    (
        "aswb_ace",
        "",
        "ACE-DEMO-2231",
        "50-DEMO-2231",
        "{org}, provider #2231, is approved as an ACE provider to offer social work continuing education by the Association of Social Work Boards (ASWB) Approved Continuing Education (ACE) program. Organizations, not individual courses, are approved as ACE providers. State and provincial regulatory boards have the final authority to determine whether an individual course may be accepted for continuing education credit.",
    ),
    (
        "nbcc",
        "",
        "NBCC-DEMO-7788",
        "",
        "{org} has been approved by NBCC as an Approved Continuing Education Provider, ACEP No. 7788. Programs that do not qualify for NBCC credit are clearly identified. {org} is solely responsible for all aspects of the programs.",
    ),
    (
        "ancc",
        "",
        "JA-DEMO-4008",
        "",
        "In support of improving patient care, {org} is jointly accredited by the Accreditation Council for Continuing Medical Education (ACCME), the Accreditation Council for Pharmacy Education (ACPE), and the American Nurses Credentialing Center (ANCC), to provide continuing education for the healthcare team.",
    ),
    (
        "ama_pra1",
        "",
        "JA-DEMO-4008",
        "",
        "{org} designates this enduring material for a maximum of 3 AMA PRA Category 1 Credits™. Physicians should claim only the credit commensurate with the extent of their participation in the activity.",
    ),
    (
        "state_board",
        "CAMFT",
        "CAMFT-DEMO-135",
        "50-DEMO-0135",
        "{org} is approved by the California Association of Marriage and Family Therapists to sponsor continuing education for LMFTs, LCSWs, LPCCs and LEPs (provider #135). {org} maintains responsibility for this program and its content.",
    ),
]

MODULE = {
    "title": "Research, mechanisms and practice",
    "summary": "What the last decade of research says about ketamine-assisted psychotherapy, how ketamine is thought to work, and what careful practice looks like.",
    "week": 0,
    "post_test": True,
    "bank": [
        single(
            "Which form of ketamine is FDA-approved for treatment-resistant depression?",
            ("Intranasal esketamine, given under supervision.", "Correct."),
            [
                ("Oral lozenges taken at home.", "Lozenges are prescribed off-label."),
                ("Intravenous racemic ketamine.", "IV ketamine is used off-label."),
            ],
        ),
        single(
            "Ketamine's best-described primary action is on which receptor?",
            (
                "The NMDA glutamate receptor, as an antagonist.",
                "Yes: it blocks NMDA receptors.",
            ),
            [
                (
                    "The serotonin 2A receptor, as an agonist.",
                    "That is the classic psychedelics' main target.",
                ),
                (
                    "The mu-opioid receptor, as an agonist.",
                    "Opioid effects are discussed but are not its primary action.",
                ),
            ],
        ),
        true_false(
            "Integration sessions are best held within days of a dosing session.",
            True,
            "Right: a neuroplastic window is often described as opening about a day after dosing.",
            "They are best held within days, while a described neuroplastic window is open.",
        ),
        several(
            "Which belong in screening before KAP?",
            [
                ("Blood pressure and cardiovascular history", True, ""),
                ("History of psychosis or mania", True, ""),
                ("Current substance use", True, ""),
                (
                    "The client's favourite music",
                    False,
                    "Useful for preparation, not a screening item.",
                ),
            ],
        ),
        single(
            "What makes ketamine treatment KAP rather than stand-alone treatment?",
            (
                "Preparation, support during dosing and integration within a psychotherapy relationship.",
                "Yes.",
            ),
            [
                ("A higher dose.", "KAP uses sub-anaesthetic doses."),
                ("Treatment in a hospital.", "The setting does not make it KAP."),
            ],
        ),
    ],
    "lessons": [
        {
            "title": "What the research shows",
            "minutes": 50,
            "objectives": [
                "Summarise the evidence for ketamine in treatment-resistant depression, PTSD and anxiety.",
                "Distinguish esketamine's approved use from off-label routes.",
            ],
            "body": [
                heading("A decade of trials"),
                p(
                    "<p>Randomised trials have shown rapid, if often short-lived, antidepressant effects of sub-anaesthetic ketamine in treatment-resistant depression; intranasal esketamine is the FDA-approved form, given under supervision. Evidence for PTSD and anxiety disorders is growing but smaller. Studies of ketamine <b>with</b> psychotherapy suggest the therapy may help effects last.</p>"
                ),
            ],
        },
        {
            "title": "How ketamine is thought to work",
            "minutes": 50,
            "objectives": [
                "Describe NMDA antagonism and downstream synaptic plasticity.",
                "Explain why timing of integration matters.",
            ],
            "body": [
                heading("From receptor to synapse"),
                p(
                    "<p>Ketamine blocks NMDA glutamate receptors; a glutamate surge and BDNF signalling are thought to promote new synaptic connections within about a day. A “neuroplastic window” is often described as peaking around 72 hours and lasting some weeks: the reason integration sessions are best held within days.</p>"
                ),
            ],
        },
        {
            "title": "Best practices in KAP",
            "minutes": 50,
            "objectives": [
                "List screening items and contraindications.",
                "Plan preparation, dosing support and integration.",
            ],
            "body": [
                heading("Careful practice"),
                p(
                    "<p>Screen for uncontrolled hypertension, cardiovascular disease, active substance use disorder, active psychosis and untreated bipolar disorder. Prepare with education, intentions and informed consent; support the 2–3 hour dosing session; integrate within days. Therapists who do not prescribe work with a medical prescriber.</p>"
                ),
            ],
        },
        {
            "title": "Post-test",
            "minutes": 30,
            "objectives": ["Show what you learnt (75% to pass; you may retake it)."],
            "body": [quiz("Post-test", pass_mark=75, attempts=3)],
        },
    ],
}


def home_study_program() -> ProgramPage | None:
    return ProgramPage.objects.filter(slug=HOME_STUDY_SLUG).first()


def load_home_study(demo: Demo) -> None:
    """Staff publish the course and its CE set-up four months ago; Imani
    buys it three weeks ago and completes it."""
    opened = demo.today - relativedelta(months=4)
    trainer = demo.account("trainer")
    with at(local(opened, 10, tz="America/Los_Angeles")):
        program = home_page().add_child(
            instance=ProgramPage(
                title=HOME_STUDY_TITLE,
                slug=HOME_STUDY_SLUG,
                summary="A self-paced home-study course with 3 CE hours: enrol any time, six months' access.",
                body="<p>Three short lessons and a post-test. CE credit is issued by the body your profession reports to as soon as you pass the post-test and complete the evaluation.</p>",
                award_title="Home-study course completed",
                required_hours=3,
                window_months=6,  # the access period, from the day you enrol
            )
        )
        program.save_revision().publish()
        ProgramCategoryRequirement.objects.create(
            program=program,
            category=Category.DIDACTIC,
            min_hours=3,
            cap_hours=None,
            sort_order=0,
        )
        course = program.add_child(
            instance=CoursePage(
                title="Home-study course", summary="The course, at your own pace."
            )
        )
        module = _module(course, MODULE)
        module.save_revision().publish()
        cohort = Cohort.objects.create(
            program=program,
            name=f"{HOME_STUDY_TITLE} (self-paced)",
            start_date=opened,
            end_date=opened + relativedelta(years=2),
            timezone="America/Los_Angeles",
            format=CohortFormat.ONLINE,
            capacity=10_000,
            status=CohortStatus.OPEN,
            tuition_cents=HOME_STUDY_PRICE_CENTS,
            currency="usd",
            self_paced=True,
        )
        cohort.trainers.add(trainer)
        approvals = {}
        for body, board, number, broker, statement in APPROVALS:
            approvals[body], _ = CEApproval.objects.get_or_create(
                body=body,
                board_name=board,
                defaults={
                    "approval_number": number,
                    "ce_broker_provider_number": broker,
                    "approval_statement": statement.format(org=ORGANISATION),
                },
            )
        activity = CEActivity.objects.create(
            title=HOME_STUDY_TITLE,
            kind="home_study",
            delivery_format="home_study",
            level="intermediate",
            description="Self-paced: three lessons, a post-test (75%) and an evaluation.",
            start_date=cohort.start_date,
            end_date=cohort.end_date,
            contact_minutes=180,
            program=program,
            ce_broker_course_number="20-DEMO-1180",
        )
        for order, approval in enumerate(approvals.values()):
            CEActivityCredit.objects.create(
                activity=activity,
                approval=approval,
                credit_hours=decimal.Decimal("3"),
                sort_order=order,
            )
        post_test = module.get_children().specific().get(title="Post-test")
        ActivityProfile.objects.create(
            activity=activity,
            cohort=cohort,
            post_test=post_test,
            pass_mark=75,
            learning_objectives="\n".join(
                o for lesson in MODULE["lessons"][:3] for o in lesson["objectives"]
            ),
            presenters="Dr. Mira Castellanos, PhD — nothing to disclose\n"
            "Jonah Whitfield, PMHNP — consultant to a ketamine clinic (mitigated by independent content review)",
        )

    imani = Learner("imani", tz=NY)
    first, last, profile = IMANI
    bought = demo.today - datetime.timedelta(days=21)
    with at(local(bought, 19, tz=NY)):
        imani.user = demo.person("imani", first, last, **profile)
    timeline = demo.timeline()
    enrol_and_pay(timeline, cohort, imani, local(bought, 20, tz=NY))
    lessons = list(module.get_children().live().specific().order_by("path"))
    for day, lesson in zip((2, 6, 11), lessons[:3], strict=True):
        done = local(bought + datetime.timedelta(days=day), 20, tz=NY)
        # She opens the lesson and studies it for its estimated time first:
        # completion asks for that evidence.
        opened = done - datetime.timedelta(minutes=lesson.credited_minutes + 15)
        study_lesson(timeline, imani, lesson, opened)
        timeline.add(
            done,
            lambda lesson=lesson: lesson_complete(
                trainee=imani.user, lesson=lesson, enrolment=imani.enrolment
            ),
        )
    taken = bought + datetime.timedelta(days=13)
    timeline.add(
        local(taken, 21, tz=NY), lambda: quiz_take(imani, post_test, module, fail=True)
    )
    timeline.add(
        local(taken + datetime.timedelta(days=1), 20, tz=NY),
        lambda: quiz_take(imani, post_test, module),
    )

    def evaluate():
        participation = CEParticipation.objects.get(
            activity=activity, trainee=imani.user
        )
        ce_evaluation_record(
            participation=participation,
            answers={
                "objectives": "5",
                "presenter": "4",
                "relevance": "5",
                "bias": "yes",
                "comments": "The mechanisms lesson finally made the integration window make sense.",
            },
        )

    timeline.add(local(taken + datetime.timedelta(days=1), 20, 30, tz=NY), evaluate)
    timeline.run()
