"""Original demo curriculum and practitioners, written for this product from
public facts (../shared/DOMAIN.md). Educational content, not clinical guidance."""

from wagtail.rich_text import RichText


def p(html):
    return ("paragraph", RichText(html))


def callout(kind, title, html):
    return ("callout", {"kind": kind, "title": title, "body": RichText(html)})


def reflect(text):
    return ("reflection", {"prompt": text})


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


CURRICULUM = [
    {
        "title": "Core curriculum",
        "summary": "The didactic core of the program: pharmacology, screening, consent, the three phases, ethics and access.",
        "modules": [
            {
                "title": "Foundations and pharmacology",
                "summary": "What ketamine-assisted psychotherapy is, and how the medicine works.",
                "week": 0,
                "lessons": [
                    {
                        "title": "What KAP is, and what it is not",
                        "minutes": 60,
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
                            reflect("Think of a client you have worked with. What would preparation have needed to cover for them?"),
                        ],
                    },
                    {
                        "title": "Ketamine pharmacology and routes of administration",
                        "minutes": 120,
                        "objectives": [
                            "Compare IV, intramuscular, intranasal and sublingual routes.",
                            "Explain why ketamine is Schedule III and what that means for prescribing.",
                        ],
                        "body": [
                            heading("Routes"),
                            p("<ul><li><b>IV infusion</b>: precise dosing, given in a medical setting.</li>"
                              "<li><b>Intramuscular</b>: rapid onset, often used in clinic-based KAP.</li>"
                              "<li><b>Intranasal esketamine</b>: the FDA-approved form for treatment-resistant "
                              "depression, given under supervision.</li>"
                              "<li><b>Oral or sublingual lozenges</b>: the client may self-administer when the "
                              "therapist is not a prescriber.</li></ul>"),
                            callout("note", "Regulation",
                                    "<p>In the United States ketamine is a Schedule III substance. Prescribers need DEA "
                                    "registration and must follow their state's rules. Therapists who cannot prescribe "
                                    "work alongside a medical prescriber.</p>"),
                        ],
                    },
                ],
            },
            {
                "title": "Screening and informed consent",
                "summary": "Who KAP may help, who it may harm, and how to obtain meaningful consent.",
                "week": 2,
                "lessons": [
                    {
                        "title": "Screening and contraindications",
                        "minutes": 120,
                        "objectives": [
                            "Take a medical and psychiatric history suited to KAP.",
                            "Recognise contraindications that call for referral or a medical opinion.",
                        ],
                        "body": [
                            p("<p>Screening covers medical and psychiatric history, current medicines and substance "
                              "use, and the client's goals and supports.</p>"),
                            callout("safety", "Contraindications to screen for",
                                    "<ul><li>Uncontrolled hypertension and some cardiovascular disease</li>"
                                    "<li>Active substance use disorder</li><li>Active psychosis</li>"
                                    "<li>Untreated bipolar disorder</li></ul>"),
                            reflect("Which of these would you feel confident screening for today, and which would you refer?"),
                        ],
                    },
                    {
                        "title": "Informed consent in KAP",
                        "minutes": 60,
                        "objectives": ["Explain the elements of consent specific to a non-ordinary state of consciousness."],
                        "body": [
                            p("<p>Consent in KAP covers the medicine, its effects and risks, the structure of sessions, "
                              "touch (if any, and only with explicit prior agreement), and the client's right to stop. "
                              "Consent is revisited before each dosing session, while the client is sober.</p>"),
                        ],
                    },
                ],
            },
            {
                "title": "The three phases",
                "summary": "Preparation, the dosing session, and integration.",
                "week": 4,
                "lessons": [
                    {
                        "title": "Preparation: intentions, education and grounding",
                        "minutes": 60,
                        "objectives": ["Help a client set intentions and learn grounding skills before dosing."],
                        "body": [p("<p>Preparation builds the alliance, educates the client about the experience, "
                                   "sets intentions and practises grounding skills the client can use during the session.</p>")],
                    },
                    {
                        "title": "The dosing session",
                        "minutes": 120,
                        "objectives": ["Describe the arc of a dosing session and the therapist's role within it."],
                        "body": [
                            p("<p>A dosing session typically lasts two to three hours in all, with 40 to 90 minutes of "
                              "active effect. The therapist keeps the setting safe and supportive, and follows the "
                              "client's lead.</p>"),
                            callout("practice", "In practice", "<p>Agree in advance how the client will get home safely.</p>"),
                        ],
                    },
                    {
                        "title": "Integration and the neuroplastic window",
                        "minutes": 120,
                        "objectives": ["Plan integration sessions in the days after dosing."],
                        "body": [p("<p>Integration is best held within days of dosing. A neuroplastic window is often "
                                   "described as starting about 24 hours after dosing, peaking around 72 hours and "
                                   "lasting about three weeks.</p>")],
                    },
                ],
            },
            {
                "title": "Ethics, law and access",
                "summary": "Scope of practice, telehealth, and making KAP accessible.",
                "week": 8,
                "lessons": [
                    {
                        "title": "Ethics and law: scope, prescribers and records",
                        "minutes": 90,
                        "category": "ethics",
                        "objectives": ["Describe the limits of a non-prescribing therapist's role."],
                        "body": [p("<p>Know your licence's scope, your state's rules, and how you collaborate with a "
                                   "prescriber. Keep records as your board requires.</p>")],
                    },
                    {
                        "title": "Telehealth and remote KAP",
                        "minutes": 60,
                        "objectives": ["Assess when remote KAP is and is not appropriate."],
                        "body": [p("<p>Remote work needs a safety plan, a support person on site, and clear criteria "
                                   "for when in-person care is required.</p>")],
                    },
                    {
                        "title": "Access and inclusion",
                        "minutes": 60,
                        "objectives": ["Identify barriers to access and ways a practice can lower them."],
                        "body": [p("<p>Cost, language, culture and trust shape who reaches KAP. Sliding-scale fees, group "
                                   "formats and culturally responsive care widen access.</p>")],
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
                        "objectives": ["Outline a group KAP series with preparation and integration circles."],
                        "body": [p("<p>Group KAP can lower cost and build community. It asks for careful screening, "
                                   "group agreements and enough facilitators for the group's size.</p>")],
                    }
                ],
            }
        ],
    },
]

PRACTITIONERS = [
    {
        "email": "emery@demo.kaptraining.org", "first": "Emery", "last": "Castillo", "display_name": "Emery Castillo",
        "credentials": "PsyD", "profession": "psychologist", "licence_type": "psychologist", "licence_number": "PSY 30211",
        "practice": "Bayview Integrative Psychology", "city": "San Francisco", "state": "CA", "zip": "94110",
        "telehealth": True, "in_person": True, "sliding_scale": True, "licensed_in": ["CA", "OR"],
        "bio": "I offer KAP with lozenges in partnership with a psychiatric prescriber, in Spanish and English.",
    },
    {
        "email": "frankie@demo.kaptraining.org", "first": "Frankie", "last": "Osei", "display_name": "Frankie Osei",
        "credentials": "LCSW", "profession": "social_worker", "licence_type": "lcsw", "licence_number": "LCSW 77102",
        "practice": "Northside Counseling Collective", "city": "Chicago", "state": "IL", "zip": "60640",
        "telehealth": True, "in_person": False, "sliding_scale": True, "licensed_in": ["IL", "WI"],
        "bio": "Telehealth integration sessions for veterans and first responders.",
    },
    {
        "email": "gale@demo.kaptraining.org", "first": "Gale", "last": "Whitehorse", "display_name": "Gale Whitehorse",
        "credentials": "MD", "profession": "psychiatrist", "licence_type": "md_do", "licence_number": "MD 40931",
        "practice": "High Desert Psychiatry", "city": "Santa Fe", "state": "NM", "zip": "87501",
        "telehealth": False, "in_person": True, "sliding_scale": False, "licensed_in": ["NM", "CO"],
        "bio": "Psychiatrist and prescriber offering intramuscular KAP with an integration therapist.",
    },
]
