"""What the demo's practitioners add to their listings beyond the basics:
self-described identity (ticked, or in their own words; only those who chose
to share it in graduates.py), access, superbills and sliding-scale bands, a
longer bio, what a first session looks like, and a Spanish bio. Every value
here is what the practitioner typed; nothing is derived from a name or place."""

# ruff: noqa: E501  (one practitioner per block reads better unwrapped)

FIRST_SESSION_THERAPIST = (
    "We meet for 50 minutes, in person or by video. We talk about what brings you, "
    "your health history and what you hope for, and whether KAP is a good fit. "
    "If it is, I explain the medical screening with the prescriber and we plan two "
    "or three preparation sessions before any dosing session."
)
FIRST_SESSION_PRESCRIBER = (
    "A 60-minute medical assessment: your history, medications, blood pressure and "
    "what has helped before. We talk through the risks and benefits of ketamine and "
    "the other options, and if KAP suits you we agree a plan with your therapist."
)

# key: {"terms": {vocabulary: (slugs...)}, "words": {vocabulary: text}, ...}
PROFILES: dict[str, dict] = {
    "emery": {
        "terms": {"gender": ("non-binary",), "race_ethnicity": ("latine",), "lgbtq": ("lgbtq-identity", "lgbtq-affirming"), "access": ("evening-hours", "free-consultation")},
        "words": {"gender": "Nonbinary (they/them)"},
        "bands": "Household income under $40,000: $90 per session\nHousehold income $40,000 to $80,000: $150 per session\nAbove $80,000: $220 per session",
        "superbills": True,
        "bio_es": "Ofrezco KAP con pastillas, en colaboración con un psiquiatra prescriptor, en español y en inglés.",
    },
    "harper": {
        "terms": {"gender": ("woman",), "race_ethnicity": ("southeast-asian",), "lived_experience": ("immigrant",)},
        "words": {"lived_experience": "Daughter of refugees from Vietnam"},
        "access": ("weekend-hours",),
    },
    "ines": {"terms": {"race_ethnicity": ("latine",), "gender": ("woman",)}, "bio_es": "Psiquiatra; esketamina y consulta sobre medicación, en español."},
    "kofi": {
        "terms": {"race_ethnicity": ("black",), "gender": ("man",), "faith": ("christian",)},
        "words": {"race_ethnicity": "Black, Ghanaian American"},
        "access": ("sliding", "evening-hours", "wheelchair-accessible"),
        "bands": "Medicaid: no charge\nUninsured, income under $30,000: $40 per session",
    },
    "june": {"terms": {"race_ethnicity": ("east-asian",), "lived_experience": ("first-generation",)}, "access": ("free-consultation",)},
    "aspen": {
        "terms": {"lgbtq": ("lgbtq-identity", "lgbtq-affirming"), "gender": ("woman",), "faith": ("buddhist",)},
        "words": {"lgbtq": "Queer woman"},
        "access": ("free-consultation", "evening-hours", "wheelchair-accessible"),
        "superbills": True,
        "bands": "Students and income under $35,000: $80\nStandard: $175",
    },
    "camila": {"terms": {"race_ethnicity": ("latine",), "lived_experience": ("parent",)}, "access": ("wheelchair-accessible",), "bio_es": "Psiquiatría perinatal y KAP en Boulder, en español e inglés."},
    "fern": {"terms": {"race_ethnicity": ("latine",), "gender": ("woman",)}, "words": {"race_ethnicity": "Chicana"}, "access": ("evening-hours", "weekend-hours"), "bio_es": "KAP para parejas e individuos, en español y en inglés."},
    "isaiah": {"terms": {"race_ethnicity": ("black",), "gender": ("man",), "veteran": ("veteran",)}, "words": {"veteran": "US Army, two deployments"}, "access": ("wheelchair-accessible",)},
    "jade": {"terms": {"race_ethnicity": ("indigenous",), "gender": ("two-spirit",), "lgbtq": ("lgbtq-identity",), "faith": ("indigenous-spirituality",)}, "words": {"race_ethnicity": "Lakota (Oglala)"}, "access": ("sliding", "interpreter")},
    "kit": {"terms": {"gender": ("man", "transgender"), "lgbtq": ("lgbtq-identity", "lgbtq-affirming")}, "words": {"gender": "Trans man"}, "access": ("evening-hours",)},
    "minh": {"terms": {"race_ethnicity": ("southeast-asian",), "lived_experience": ("immigrant",)}, "access": ("weekend-hours", "interpreter")},
    "nora": {"terms": {"lived_experience": ("disability",)}, "words": {"lived_experience": "Deaf; I sign in ASL"}, "access": ("wheelchair-accessible", "interpreter")},
    "quentin": {"terms": {"race_ethnicity": ("black",), "gender": ("man",), "lived_experience": ("recovery",)}, "words": {"lived_experience": "Twelve years in recovery"}, "access": ("evening-hours",)},
    "rosalind": {"terms": {"race_ethnicity": ("east-asian",), "gender": ("woman",)}, "access": ("weekend-hours",)},
    "santiago": {"terms": {"race_ethnicity": ("latine",), "veteran": ("veteran",), "gender": ("man",)}, "words": {"race_ethnicity": "Tejano"}, "access": ("evening-hours", "free-consultation"), "superbills": True, "bio_es": "Terapia bilingüe con KAP para veteranos y sus familias en Austin."},
    "uma": {"terms": {"race_ethnicity": ("south-asian",), "faith": ("hindu",), "lived_experience": ("chronic-illness",)}, "words": {"race_ethnicity": "Tamil American"}},
    "ximena": {"terms": {"race_ethnicity": ("latine",), "lgbtq": ("lgbtq-identity", "lgbtq-affirming"), "gender": ("woman",)}, "words": {"lgbtq": "Queer Latina"}, "access": ("evening-hours",), "bio_es": "Psiquiatría afirmativa LGBTQ+ en Chicago, en español e inglés."},
    "yusuf": {"terms": {"faith": ("muslim",), "race_ethnicity": ("south-asian",)}, "words": {"faith": "Muslim; I integrate faith when clients wish"}, "access": ("weekend-hours",)},
    "abel": {"terms": {"race_ethnicity": ("black",), "lived_experience": ("immigrant", "first-generation")}, "words": {"race_ethnicity": "Ethiopian American"}},
    "bea": {"terms": {"lgbtq": ("lgbtq-identity", "lgbtq-affirming"), "gender": ("woman",), "faith": ("jewish",)}, "words": {"lgbtq": "Lesbian"}, "access": ("evening-hours", "free-consultation")},
    "dalia": {"terms": {"race_ethnicity": ("latine",), "lived_experience": ("parent",)}, "words": {"race_ethnicity": "Dominican American"}, "access": ("sliding", "weekend-hours"), "bio_es": "Acompaño a familias latinas con KAP, en español."},
    "gale": {"terms": {"race_ethnicity": ("indigenous",), "faith": ("indigenous-spirituality",)}, "words": {"race_ethnicity": "Diné (Navajo)"}, "access": ("wheelchair-accessible",)},
    "hollis": {"terms": {"race_ethnicity": ("indigenous",), "lived_experience": ("recovery",)}, "words": {"race_ethnicity": "Diné (Navajo)"}, "access": ("interpreter", "free-consultation")},
    # Practitioners who share no identity still describe their access.
    "marco": {"access": ("evening-hours", "weekend-hours"), "superbills": True},
    "samir": {"access": ("free-consultation",), "superbills": True},
    "dev": {"access": ("wheelchair-accessible", "evening-hours")},
    "otto": {"access": ("weekend-hours",)},
    "wes": {"access": ("free-consultation", "wheelchair-accessible"), "superbills": True},
    "chidi": {"access": ("evening-hours",)},
}


def profile_for(key: str, *, prescriber: bool, practice: str, city: str) -> dict:
    """The extra listing-form values for graduate `key` (empty lists and text
    for anything they did not fill in)."""
    p = PROFILES.get(key, {})
    access = tuple(a for a in p.get("access", ()) if a != "sliding")
    return {
        "terms": p.get("terms", {}),
        "access": access,
        "words": p.get("words", {}),
        "superbills": p.get("superbills", False),
        "sliding_scale_bands": p.get("bands", ""),
        "bio_es": p.get("bio_es", ""),
        "first_session": FIRST_SESSION_PRESCRIBER if prescriber else FIRST_SESSION_THERAPIST,
        "bio_long": (
            f"{practice} is a small practice in {city}. KAP here follows the three "
            "phases the training teaches: careful preparation, a supported dosing "
            "session, and integration sessions in the days after, when change is "
            "easiest to build on."
        )
        if p
        else "",
    }
