"""Ethics, law and practice, and the three electives of the demo program.

Original content written for this product from public facts
(../shared/DOMAIN.md): educational, not clinical guidance."""

# ruff: noqa: E501  (curriculum prose reads better unwrapped)

from .blocks import p, reflect

# fmt: off
OTHER_COURSES = [
    {
        "title": "Ethics, law and practice",
        "summary": "Scope of practice, regulation, remote work and widening access.",
        "modules": [
            {
                "title": "Ethics and law",
                "summary": "Practising within your licence, with a prescriber, under state and federal rules.",
                "week": 20,
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
                "week": 26,
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
                "week": 32,
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
                "week": 36,
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
                "week": 36,
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
                "week": 36,
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
