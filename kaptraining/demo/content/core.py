"""The core course of the demo program, in the order a course of KAP unfolds.

Original content written for this product from public facts
(../shared/DOMAIN.md): educational, not clinical guidance."""

# ruff: noqa: E501  (curriculum prose reads better unwrapped)

from .blocks import (
    callout,
    heading,
    p,
    quiz,
    reading,
    reflect,
    several,
    short,
    single,
    true_false,
)

# fmt: off
CORE_COURSE = {
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
                "week": 4,
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
                "week": 6,
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
                "week": 10,
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
                "week": 14,
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
    }
# fmt: on
