"""Starting choices for access and self-described identity. They are offered
to practitioners to tick; each may also write their own words instead, and
staff can add choices in the admin."""

from django.db import migrations

TERMS = {
    "access": [
        ("free-consultation", "Free first consultation"),
        ("evening-hours", "Evening hours"),
        ("weekend-hours", "Weekend hours"),
        ("wheelchair-accessible", "Wheelchair-accessible office"),
        ("interpreter", "Works with interpreters"),
    ],
    "race_ethnicity": [
        ("black", "Black or African American"),
        ("latine", "Hispanic, Latino/a or Latine"),
        ("east-asian", "East Asian"),
        ("southeast-asian", "Southeast Asian"),
        ("south-asian", "South Asian"),
        ("indigenous", "Native American, Alaska Native or Indigenous"),
        ("mena", "Middle Eastern or North African"),
        ("pacific-islander", "Native Hawaiian or Pacific Islander"),
        ("white", "White"),
        ("multiracial", "Multiracial"),
    ],
    "gender": [
        ("woman", "Woman"),
        ("man", "Man"),
        ("non-binary", "Non-binary"),
        ("transgender", "Transgender"),
        ("two-spirit", "Two-spirit"),
    ],
    "lgbtq": [
        ("lgbtq-identity", "Identifies as LGBTQ+"),
        ("lgbtq-affirming", "LGBTQ+-affirming practice"),
    ],
    "faith": [
        ("buddhist", "Buddhist"),
        ("christian", "Christian"),
        ("jewish", "Jewish"),
        ("muslim", "Muslim"),
        ("hindu", "Hindu"),
        ("indigenous-spirituality", "Indigenous spiritual tradition"),
        ("spiritual", "Spiritual, not religious"),
        ("secular", "Secular or non-religious"),
    ],
    "veteran": [
        ("veteran", "Veteran"),
        ("military-family", "Military family member"),
    ],
    "lived_experience": [
        ("recovery", "In recovery from substance use"),
        ("immigrant", "Immigrant or child of immigrants"),
        ("first-generation", "First in family to go to college"),
        ("disability", "Living with a disability"),
        ("chronic-illness", "Living with chronic illness or pain"),
        ("parent", "Parent or caregiver"),
    ],
}


def seed(apps, schema_editor):
    Term = apps.get_model("directory", "Term")
    for vocabulary, rows in TERMS.items():
        for order, (slug, name) in enumerate(rows):
            Term.objects.get_or_create(
                vocabulary=vocabulary,
                slug=slug,
                defaults={"name": name, "sort_order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_listing_identity_access_quality")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
