"""Original demo curriculum and practitioners, written for this product from
public facts (../shared/DOMAIN.md). Educational content, not clinical guidance.

CURRICULUM is built into pages by load_demo; finish_curriculum() then adds what
the page constructors there do not set: question banks, prerequisites, credit
rules, tags and the elective count."""

# ruff: noqa: E501  (curriculum prose and data rows read better unwrapped)

from wagtail.rich_text import RichText


def p(html):
    return ("paragraph", RichText(html))


def callout(kind, title, html):
    return ("callout", {"kind": kind, "title": title, "body": RichText(html)})


def reflect(text):
    return ("reflection", {"prompt": text})


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def reading(citation, note=""):
    return ("reading", {"citation": citation, "note": note, "url": ""})


def quiz(title, *, pass_mark=75, attempts=3, count=0, intro=""):
    return (
        "quiz",
        {
            "title": title,
            "intro": intro,
            "pass_mark": pass_mark,
            "attempt_limit": attempts,
            "question_count": count,
            "shuffle": True,
        },
    )


def single(prompt, right, wrong, explanation=""):
    """right: (text, feedback); wrong: [(text, feedback), ...]."""
    options = [{"text": right[0], "correct": True, "feedback": right[1]}]
    options += [{"text": t, "correct": False, "feedback": f} for t, f in wrong]
    return ("single_choice", {"prompt": prompt, "options": options, "explanation": explanation})


def several(prompt, options, explanation=""):
    """options: [(text, correct, feedback), ...]."""
    return (
        "multiple_choice",
        {
            "prompt": prompt,
            "options": [{"text": t, "correct": c, "feedback": f} for t, c, f in options],
            "explanation": explanation,
        },
    )


def true_false(prompt, answer, if_right, if_wrong):
    return (
        "true_false",
        {"prompt": prompt, "answer": answer, "feedback_correct": if_right, "feedback_incorrect": if_wrong},
    )


def short(prompt, guidance):
    return ("short_answer", {"prompt": prompt, "guidance": guidance})


# fmt: off
CURRICULUM = [
    {
        "title": "Core curriculum",
        "summary": "The didactic core of the program, in the order a course of KAP unfolds: foundations, "
                   "screening, consent, preparation, the dosing session and integration.",
        "modules": [
            {
                "title": "Foundations and pharmacology",
                "summary": "What ketamine-assisted psychotherapy is, and how the medicine works.",
                "week": 0,
                "bank": [
                    single("What distinguishes KAP from stand-alone ketamine treatment?",
                           ("A therapist prepares the client, supports the dosing session and helps integrate it.",
                            "Yes. The psychotherapy frame around the medicine is what makes it KAP."),
                           [("KAP always uses intravenous infusions.", "No. KAP uses several routes."),
                            ("KAP uses an anaesthetic dose.", "No. KAP uses a sub-anaesthetic dose.")]),
                    single("Which form of ketamine is FDA-approved for treatment-resistant depression?",
                           ("Intranasal esketamine, given under supervision.", "Correct."),
                           [("Oral lozenges taken at home.", "Lozenges are prescribed off-label."),
                            ("Intramuscular injection.", "Intramuscular ketamine is used off-label.")],
                           "Esketamine nasal spray is the approved form; other routes are prescribed off-label."),
                    true_false("In the United States ketamine is a Schedule III controlled substance.", True,
                               "Right: prescribers need DEA registration and follow state rules.",
                               "It is Schedule III: prescribers need DEA registration and follow state rules."),
                    several("Which phases does a course of KAP move through?",
                            [("Screening and assessment", True, ""), ("Preparation", True, ""),
                             ("The dosing session", True, ""), ("Integration", True, ""),
                             ("Detoxification", False, "Detoxification is not a phase of KAP.")]),
                ],
                "lessons": [
                    {
                        "title": "What KAP is, and what it is not",
                        "minutes": 60,
                        "tags": ["foundations"],
                        "objectives": [
                            "Distinguish KAP from stand-alone ketamine infusion treatment.",
                            "Name the phases of a course of KAP.",
                        ],
                        "body": [
                            heading("A psychotherapy frame around a medicine"),
                            p("<p>In ketamine-assisted psychotherapy a sub-anaesthetic dose of ketamine is given "
                              "<b>inside</b> a psychotherapy relationship. The therapist prepares the client, supports "
                              "the dosing session and helps them integrate what arose. Stand-alone ketamine treatment, "
                              "such as a series of infusions for symptom relief, offers little or no therapy around the "
                              "medicine.</p>"),
                            p("<p>A course of KAP moves through screening and assessment, preparation, one or more "
                              "dosing sessions, and integration. Each phase has its own skills, and this program "
                              "teaches them in that order.</p>"),
                            heading("Who KAP is offered to"),
                            p("<p>KAP is used for treatment-resistant depression, post-traumatic stress, anxiety "
                              "disorders and some chronic pain; ketamine is also used in acute settings for suicidal "
                              "ideation. The evidence differs by condition, and so does the setting that is safe.</p>"),
                            reflect("Think of a client you have worked with. What would preparation have needed to "
                                    "cover for them?"),
                        ],
                    },
                    {
                        "title": "Ketamine pharmacology and routes of administration",
                        "minutes": 120,
                        "tags": ["pharmacology", "prescribing"],
                        "objectives": [
                            "Compare IV, intramuscular, intranasal and sublingual routes.",
                            "Explain why ketamine is Schedule III and what that means for prescribing.",
                        ],
                        "body": [
                            heading("Routes"),
                            p("<ul><li><b>IV infusion</b>: precise, adjustable dosing, given in a medical setting.</li>"
                              "<li><b>Intramuscular</b>: rapid onset, often used in clinic-based KAP.</li>"
                              "<li><b>Intranasal esketamine</b>: the FDA-approved form for treatment-resistant "
                              "depression, given under supervision.</li>"
                              "<li><b>Oral or sublingual lozenges</b>: the client may self-administer when the "
                              "therapist is not a prescriber.</li></ul>"),
                            p("<p>The route shapes the session: how fast the effect arrives, how deep it goes, who "
                              "must be in the room, and what the client can do for themselves. A therapist who "
                              "cannot prescribe plans every session around the route the prescriber has chosen.</p>"),
                            callout("note", "Regulation",
                                    "<p>In the United States ketamine is a Schedule III substance. Prescribers need DEA "
                                    "registration and must follow their state's rules. Therapists who cannot prescribe "
                                    "work alongside a medical prescriber.</p>"),
                            reading("Dore J. et al. Ketamine assisted psychotherapy (KAP): patient demographics, "
                                    "clinical data and outcomes in three large practices. J Psychoactive Drugs, 2019.",
                                    "Read how the three practices combined routes with psychotherapy."),
                        ],
                    },
                    {
                        "title": "Knowledge check: foundations",
                        "minutes": 15,
                        "tags": ["foundations"],
                        "objectives": ["Check your understanding of the foundations module."],
                        "body": [quiz("Knowledge check: foundations", attempts=0,
                                      intro="Four questions. Try as often as you like; passing completes this lesson.")],
                    },
                ],
            },
            {
                "title": "Screening and contraindications",
                "summary": "Who KAP may help, who it may harm, and when to refer. Home-study module with a post-test.",
                "week": 2,
                "prerequisite": "Foundations and pharmacology",
                "post_test": True,
                "bank": [
                    several("Which of these call for a medical opinion or referral before KAP?",
                            [("Uncontrolled hypertension", True, "Ketamine raises blood pressure."),
                             ("Active psychosis", True, "A dissociative medicine can worsen psychosis."),
                             ("Untreated bipolar disorder", True, "Screen for mania and refer for treatment."),
                             ("A history of seasonal allergies", False, "Not a contraindication.")]),
                    single("A client is actively using alcohol daily and meets criteria for a substance use disorder. "
                           "What is the most appropriate first step?",
                           ("Address the substance use and seek a medical opinion before considering KAP.",
                            "Yes: active substance use disorder is a contraindication to screen for."),
                           [("Proceed, since ketamine may reduce cravings.", "Active SUD must be addressed first."),
                            ("Double the preparation sessions and proceed.", "Preparation does not remove the risk.")]),
                    true_false("Screening covers current medicines and substance use as well as psychiatric history.",
                               True, "Right.", "It does: interactions and misuse risk matter."),
                    true_false("A therapist who is not a prescriber may clear a client medically for KAP.", False,
                               "Right: medical clearance is the prescriber's decision.",
                               "Medical clearance belongs to the prescriber."),
                    single("Some cardiovascular disease is listed as a contraindication mainly because ketamine…",
                           ("raises heart rate and blood pressure.", "Correct."),
                           [("lowers blood sugar.", "That is not the main concern."),
                            ("thins the blood.", "Ketamine does not thin the blood.")]),
                ],
                "lessons": [
                    {
                        "title": "Taking a KAP-focused history",
                        "minutes": 60,
                        "tags": ["screening"],
                        "objectives": ["Take a medical and psychiatric history suited to KAP."],
                        "body": [
                            p("<p>Screening covers medical and psychiatric history, current medicines and substance "
                              "use, prior experiences of non-ordinary states, trauma history, and the client's goals "
                              "and supports. It is also the start of the relationship: the client learns how you "
                              "listen.</p>"),
                            reflect("Which parts of a KAP history would you find hardest to ask about, and why?"),
                        ],
                    },
                    {
                        "title": "Contraindications and when to refer",
                        "minutes": 90,
                        "tags": ["screening", "safety"],
                        "objectives": ["Recognise contraindications that call for referral or a medical opinion."],
                        "body": [
                            callout("safety", "Contraindications to screen for",
                                    "<ul><li>Uncontrolled hypertension and some cardiovascular disease</li>"
                                    "<li>Active substance use disorder</li><li>Active psychosis</li>"
                                    "<li>Untreated bipolar disorder</li></ul>"),
                            p("<p>A contraindication is not a verdict on the person. Refer with care, explain why, "
                              "and say what would need to change for KAP to be reconsidered.</p>"),
                        ],
                    },
                    {
                        "title": "Post-test: screening",
                        "minutes": 30,
                        "tags": ["screening"],
                        "objectives": ["Pass the post-test (75%) so this module's home-study hours count."],
                        "body": [quiz("Post-test: screening and contraindications", attempts=3,
                                      intro="Five questions in a shuffled order. You need 75% to pass, and have three "
                                            "attempts. The hours of this module count once you pass.")],
                    },
                ],
            },
            {
                "title": "Informed consent",
                "summary": "Consent for a non-ordinary state of consciousness, revisited before every session.",
                "week": 3,
                "prerequisite": "Screening and contraindications",
                "bank": [
                    true_false("Consent for a dosing session is confirmed while the client is sober.", True,
                               "Right: consent given under the medicine's effect is not informed consent.",
                               "It must be confirmed while sober, before dosing."),
                    short("In two or three sentences, explain how you would agree the use of touch with a client "
                          "before a dosing session.",
                          "Explicit agreement while sober, what kind of touch, how the client can say no during the "
                          "session, and that consent can be withdrawn at any time."),
                ],
                "lessons": [
                    {
                        "title": "Elements of consent in a non-ordinary state",
                        "minutes": 60,
                        "tags": ["consent"],
                        "objectives": ["Explain the elements of consent specific to a non-ordinary state of "
                                       "consciousness."],
                        "body": [
                            p("<p>Consent in KAP covers the medicine, its effects and risks, the structure of "
                              "sessions, touch (if any, and only with explicit prior agreement), recording, who to "
                              "call in an emergency, and the client's right to stop. Consent is revisited before each "
                              "dosing session, while the client is sober.</p>"),
                        ],
                    },
                    {
                        "title": "Consent practice check",
                        "minutes": 15,
                        "tags": ["consent"],
                        "objectives": ["Put the elements of consent into your own words."],
                        "body": [quiz("Consent practice check", attempts=2,
                                      intro="A trainer reads your written answer and marks it.")],
                    },
                ],
            },
            {
                "title": "Preparation",
                "summary": "Building the alliance, setting intentions and learning grounding skills.",
                "week": 4,
                "prerequisite": "Informed consent",
                "lessons": [
                    {
                        "title": "Intentions, education and grounding",
                        "minutes": 60,
                        "tags": ["preparation"],
                        "objectives": ["Help a client set intentions and learn grounding skills before dosing."],
                        "body": [
                            p("<p>Preparation builds the alliance, educates the client about the experience, sets "
                              "intentions and practises grounding skills the client can use during the session: "
                              "breath, orienting to the room, a word or gesture that means <i>I need you</i>.</p>"),
                            reflect("Write the intention you would help a client shape for a first session, in "
                                    "their words rather than yours."),
                        ],
                    },
                    {
                        "title": "Set, setting and the support plan",
                        "minutes": 60,
                        "tags": ["preparation", "safety"],
                        "objectives": ["Plan the setting, transport home and after-care for a dosing session."],
                        "body": [
                            p("<p>Agree the room, music, eyeshades, who is present, how the client gets home, and "
                              "who they can call that evening. Write the plan down and give the client a copy.</p>"),
                        ],
                    },
                ],
            },
            {
                "title": "The dosing session",
                "summary": "The arc of a session and the therapist's role within it.",
                "week": 6,
                "lessons": [
                    {
                        "title": "The arc of a dosing session",
                        "minutes": 120,
                        "tags": ["dosing"],
                        "objectives": ["Describe the arc of a dosing session and the therapist's role within it."],
                        "body": [
                            p("<p>A dosing session typically lasts two to three hours in all, with 40 to 90 minutes "
                              "of active effect. The therapist keeps the setting safe and supportive, speaks little "
                              "during the peak, and follows the client's lead as they return.</p>"),
                            callout("practice", "In practice", "<p>Agree in advance how the client will get home "
                                    "safely; they must not drive that day.</p>"),
                        ],
                    },
                    {
                        "title": "Safety monitoring and adverse effects",
                        "minutes": 60,
                        "tags": ["dosing", "safety"],
                        "objectives": ["Recognise common adverse effects and when to involve the prescriber."],
                        "body": [
                            callout("safety", "Monitoring",
                                    "<p>Blood pressure, nausea, anxiety as the effect begins, and disorientation as "
                                    "it ends are the most common concerns. Know your escalation plan and your "
                                    "prescriber's number before the session starts.</p>"),
                        ],
                    },
                ],
            },
            {
                "title": "Integration and the neuroplastic window",
                "summary": "Making meaning of the experience in the days and weeks after dosing.",
                "week": 8,
                "evaluation": True,
                "lessons": [
                    {
                        "title": "Timing integration: the neuroplastic window",
                        "minutes": 60,
                        "tags": ["integration"],
                        "objectives": ["Plan integration sessions within the neuroplastic window."],
                        "body": [
                            p("<p>A neuroplastic window is often described as opening about 24 hours after dosing, "
                              "peaking around 72 hours and lasting about three weeks. Integration sessions are best "
                              "scheduled within days of a dosing session, while new perspectives are easiest to "
                              "practise.</p>"),
                        ],
                    },
                    {
                        "title": "Integration practices",
                        "minutes": 60,
                        "tags": ["integration"],
                        "objectives": ["Use talk, journaling and body-based practices to support integration."],
                        "body": [
                            p("<p>Integration turns insight into change: naming what arose, linking it to the "
                              "client's intentions, and choosing one small practice for the coming week.</p>"),
                            reflect("What helps you integrate a significant experience of your own?"),
                        ],
                    },
                ],
            },
        ],
    },
    {
        "title": "Ethics, law and practice",
        "summary": "Scope of practice, regulation, remote work and widening access.",
        "modules": [
            {
                "title": "Ethics and law",
                "summary": "Practising within your licence, with a prescriber, under state and federal rules.",
                "week": 10,
                "lessons": [
                    {
                        "title": "Scope of practice and working with a prescriber",
                        "minutes": 90,
                        "category": "ethics",
                        "tags": ["ethics", "prescribing"],
                        "objectives": ["Describe the limits of a non-prescribing therapist's role."],
                        "body": [p("<p>Know your licence's scope, your state's rules, and how you collaborate with a "
                                   "prescriber: who screens medically, who decides the dose, who is reachable during "
                                   "a session. Keep records as your board requires.</p>")],
                    },
                    {
                        "title": "Power, vulnerability and boundaries",
                        "minutes": 60,
                        "category": "ethics",
                        "tags": ["ethics", "consent"],
                        "objectives": ["Identify the added vulnerability of a client in a non-ordinary state."],
                        "body": [p("<p>A client under the medicine's effect is more suggestible and less able to "
                                   "object. Boundaries agreed beforehand, a second person present when appropriate, "
                                   "and consultation protect clients and therapists alike.</p>")],
                    },
                ],
            },
            {
                "title": "Telehealth and remote KAP",
                "summary": "When remote KAP is appropriate, and how to keep it safe.",
                "week": 12,
                "lessons": [
                    {
                        "title": "When remote KAP is appropriate",
                        "minutes": 60,
                        "tags": ["telehealth", "safety"],
                        "objectives": ["Assess when remote KAP is and is not appropriate."],
                        "body": [p("<p>Remote work needs a safety plan, a support person on site, a reliable "
                                   "connection with a fallback phone number, and clear criteria for when in-person "
                                   "care is required.</p>")],
                    },
                ],
            },
            {
                "title": "Access and inclusion",
                "summary": "Who reaches KAP, who does not, and what a practice can change.",
                "week": 14,
                "lessons": [
                    {
                        "title": "Access and inclusion in KAP",
                        "minutes": 60,
                        "tags": ["access"],
                        "objectives": ["Identify barriers to access and ways a practice can lower them."],
                        "body": [p("<p>Cost, language, culture and trust shape who reaches KAP. Sliding-scale fees, "
                                   "group formats, interpreters and culturally responsive care widen access, as does "
                                   "a workforce that clients from every background can relate to.</p>"),
                                 reflect("Who in your community is least likely to reach KAP, and what is one barrier "
                                         "your practice could lower?")],
                    },
                ],
            },
        ],
    },
    {
        "title": "Elective: group KAP",
        "summary": "Running KAP in groups: formats, screening and safety.",
        "elective": True,
        "modules": [
            {
                "title": "Group formats",
                "summary": "When group KAP helps, and how to hold a group safely.",
                "week": 12,
                "lessons": [
                    {
                        "title": "Designing a group KAP series",
                        "minutes": 60,
                        "category": "elective",
                        "tags": ["group"],
                        "objectives": ["Outline a group KAP series with preparation and integration circles."],
                        "body": [p("<p>Group KAP can lower cost and build community. It asks for careful screening, "
                                   "group agreements and enough facilitators for the group's size.</p>")],
                    }
                ],
            }
        ],
    },
    {
        "title": "Elective: KAP and chronic pain",
        "summary": "Working alongside pain specialists with clients who live with chronic pain.",
        "elective": True,
        "modules": [
            {
                "title": "Pain and meaning",
                "summary": "Where ketamine's pain uses and KAP meet.",
                "week": 12,
                "lessons": [
                    {
                        "title": "KAP with clients who live with chronic pain",
                        "minutes": 60,
                        "category": "elective",
                        "tags": ["pain"],
                        "objectives": ["Coordinate KAP with a client's pain-care team."],
                        "body": [p("<p>Ketamine is also used in pain medicine. When a client lives with chronic pain, "
                                   "coordinate with their pain-care team and keep the therapy focused on the goals "
                                   "the client sets.</p>")],
                    }
                ],
            }
        ],
    },
    {
        "title": "Elective: serving veterans and first responders",
        "summary": "Trauma-informed KAP for people whose work exposed them to trauma.",
        "elective": True,
        "modules": [
            {
                "title": "Trauma-informed KAP",
                "summary": "PTSD, moral injury and trust.",
                "week": 12,
                "lessons": [
                    {
                        "title": "PTSD, moral injury and the therapeutic alliance",
                        "minutes": 60,
                        "category": "elective",
                        "tags": ["trauma"],
                        "objectives": ["Adapt preparation and integration for clients with PTSD."],
                        "body": [p("<p>Clients with PTSD may meet traumatic material during a session. Extra "
                                   "preparation, a clear stop signal and integration that moves at the client's pace "
                                   "keep the work safe.</p>")],
                    }
                ],
            }
        ],
    },
]
# fmt: on

ELECTIVES_REQUIRED = 2


def _module_data():
    return {m["title"]: m for course in CURRICULUM for m in course["modules"]}


def _lesson_data():
    return {le["title"]: le for course in CURRICULUM for m in course["modules"] for le in m["lessons"]}


def finish_curriculum(program) -> None:
    """Add question banks, prerequisites, credit rules, tags and the elective
    count to a freshly built demo program. Safe to run again."""
    from kaptraining.curriculum.models import LessonPage, ModulePage

    if program.electives_required != ELECTIVES_REQUIRED:
        program.electives_required = ELECTIVES_REQUIRED
        program.save_revision().publish()
    modules = {m.title: m for m in ModulePage.objects.descendant_of(program)}
    for title, data in _module_data().items():
        module = modules.get(title)
        if module is None:
            continue
        module.post_test_required = data.get("post_test", False)
        module.evaluation_required = data.get("evaluation", False)
        if data.get("bank") and not module.question_bank:
            module.question_bank = data["bank"]
            # Native values, so every question and option gets a stable id.
            module.question_bank = [(b.block_type, b.value) for b in module.question_bank]
        if data.get("prerequisite") in modules:
            module.prerequisites.set([modules[data["prerequisite"]]])
        module.save_revision().publish()
    lessons = _lesson_data()
    for lesson in LessonPage.objects.descendant_of(program):
        tags = lessons.get(lesson.title, {}).get("tags", [])
        if tags and set(lesson.tags.names()) != set(tags):
            lesson.tags.set(tags)
            lesson.save_revision().publish()


PRACTITIONERS = [
    {
        "email": "emery@demo.kaptraining.org", "first": "Emery", "last": "Castillo", "display_name": "Emery Castillo",
        "credentials": "PsyD", "profession": "psychologist", "licence_type": "psychologist", "licence_number": "PSY 30211",
        "practice": "Bayview Integrative Psychology", "address": "2940 16th Street, Suite 204", "city": "San Francisco",
        "state": "CA", "zip": "94110", "telehealth": True, "in_person": True, "sliding_scale": True,
        "licensed_in": ["CA", "OR"], "role": "therapist", "partner_prescriber": True, "fees": (90, 220),
        "specialities": "grief, internal family systems, perinatal mental health",
        "terms": [("licence", "psychologist"), ("service", "individual-kap"), ("service", "integration-only"),
                  ("route", "lozenge"), ("population", "adults"), ("population", "lgbtq"), ("condition", "depression"),
                  ("condition", "treatment-resistant-depression"), ("language", "english"), ("language", "spanish"),
                  ("insurance", "out-of-network")],
        "identity": "Latinx, nonbinary", "background": "Mexican American, raised in the Central Valley", "show_identity": True,
        "bio": "I offer KAP with lozenges in partnership with a psychiatric prescriber, in Spanish and English.",
    },
    {
        "email": "frankie@demo.kaptraining.org", "first": "Frankie", "last": "Osei", "display_name": "Frankie Osei",
        "credentials": "LCSW", "profession": "social_worker", "licence_type": "lcsw", "licence_number": "LCSW 77102",
        "practice": "Northside Counseling Collective", "address": "", "city": "Chicago", "state": "IL", "zip": "60640",
        "telehealth": True, "in_person": False, "sliding_scale": True, "licensed_in": ["IL", "WI"],
        "role": "therapist", "partner_prescriber": True, "fees": (60, 140), "specialities": "trauma, moral injury, EMDR",
        "terms": [("licence", "lcsw"), ("service", "integration-only"), ("service", "group-kap"),
                  ("population", "veterans"), ("population", "first-responders"), ("condition", "ptsd"),
                  ("language", "english"), ("insurance", "tricare"), ("insurance", "bcbs")],
        "identity": "", "background": "Ghanaian American", "show_identity": False,
        "bio": "Telehealth integration sessions for veterans and first responders.",
    },
    {
        "email": "gale@demo.kaptraining.org", "first": "Gale", "last": "Whitehorse", "display_name": "Gale Whitehorse",
        "credentials": "MD", "profession": "psychiatrist", "licence_type": "md_do", "licence_number": "MD 40931",
        "practice": "High Desert Psychiatry", "address": "530 Cerrillos Road", "city": "Santa Fe", "state": "NM",
        "zip": "87501", "telehealth": False, "in_person": True, "sliding_scale": False, "licensed_in": ["NM", "CO"],
        "role": "prescriber", "partner_prescriber": False, "fees": (250, 450), "specialities": "chronic pain, end of life",
        "terms": [("licence", "md-do"), ("service", "individual-kap"), ("route", "im"), ("route", "iv"),
                  ("population", "adults"), ("population", "older-adults"), ("condition", "chronic-pain"),
                  ("condition", "end-of-life"), ("language", "english"), ("insurance", "medicare"), ("insurance", "aetna")],
        "identity": "", "background": "Diné (Navajo)", "show_identity": True,
        "bio": "Psychiatrist and prescriber offering intramuscular KAP with an integration therapist.",
    },
    {
        "email": "harper@demo.kaptraining.org", "first": "Harper", "last": "Nguyen", "display_name": "Harper Nguyen",
        "credentials": "LMFT", "profession": "mft", "licence_type": "lmft", "licence_number": "LMFT 120455",
        "practice": "Lake Merritt Couples & Family", "address": "1221 Broadway, 3rd floor", "city": "Oakland",
        "state": "CA", "zip": "94612", "telehealth": True, "in_person": True, "sliding_scale": True,
        "licensed_in": ["CA"], "role": "therapist", "partner_prescriber": True, "fees": (110, 180),
        "specialities": "couples, anxiety, intergenerational trauma",
        "terms": [("licence", "lmft"), ("service", "individual-kap"), ("service", "group-kap"), ("route", "lozenge"),
                  ("population", "couples"), ("population", "bipoc"), ("condition", "anxiety"), ("condition", "ptsd"),
                  ("language", "english"), ("language", "vietnamese"), ("insurance", "kaiser")],
        "identity": "Vietnamese American woman", "background": "Child of refugees", "show_identity": True,
        "bio": "Group and couples KAP in Oakland, with integration circles in English and Vietnamese.",
    },
]
