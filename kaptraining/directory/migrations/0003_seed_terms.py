"""The starting lists of directory choices; staff can add more in the admin."""

from django.db import migrations

TERMS = {
    "licence": [
        ("psychologist", "Licensed psychologist (PhD/PsyD)"),
        ("md-do", "Physician (MD/DO)"),
        ("pmhnp", "Psychiatric-mental health NP"),
        ("rn", "Registered nurse"),
        ("lpc", "LPC / LMHC"),
        ("lcsw", "LCSW"),
        ("lmft", "LMFT"),
        ("pre-licensed", "Pre-licensed (associate / intern)"),
    ],
    "service": [
        ("individual-kap", "Individual KAP"),
        ("group-kap", "Group KAP"),
        ("integration-only", "Integration only"),
    ],
    "route": [
        ("iv", "Intravenous (IV) infusion"),
        ("im", "Intramuscular (IM) injection"),
        ("intranasal-esketamine", "Intranasal esketamine"),
        ("lozenge", "Oral or sublingual lozenges"),
    ],
    "population": [
        ("adults", "Adults"),
        ("older-adults", "Older adults"),
        ("couples", "Couples"),
        ("veterans", "Veterans"),
        ("first-responders", "First responders"),
        ("healthcare-workers", "Healthcare workers"),
        ("lgbtq", "LGBTQ+ people"),
        ("bipoc", "Black, Indigenous and people of colour"),
    ],
    "condition": [
        ("treatment-resistant-depression", "Treatment-resistant depression"),
        ("depression", "Depression"),
        ("ptsd", "PTSD and trauma"),
        ("anxiety", "Anxiety"),
        ("ocd", "Obsessive-compulsive disorder"),
        ("chronic-pain", "Chronic pain"),
        ("end-of-life", "End-of-life distress"),
    ],
    "language": [
        ("english", "English"),
        ("spanish", "Spanish"),
        ("mandarin", "Mandarin"),
        ("cantonese", "Cantonese"),
        ("vietnamese", "Vietnamese"),
        ("tagalog", "Tagalog"),
        ("korean", "Korean"),
        ("arabic", "Arabic"),
        ("french", "French"),
        ("portuguese", "Portuguese"),
        ("russian", "Russian"),
        ("hindi", "Hindi"),
        ("asl", "American Sign Language"),
    ],
    "insurance": [
        ("medicare", "Medicare"),
        ("medicaid", "Medicaid"),
        ("aetna", "Aetna"),
        ("bcbs", "Blue Cross Blue Shield"),
        ("cigna", "Cigna"),
        ("united", "UnitedHealthcare"),
        ("kaiser", "Kaiser Permanente"),
        ("tricare", "TRICARE"),
        ("out-of-network", "Out-of-network (superbill provided)"),
    ],
}


def seed(apps, schema_editor):
    Term = apps.get_model("directory", "Term")
    for vocabulary, rows in TERMS.items():
        for order, (slug, name) in enumerate(rows):
            Term.objects.get_or_create(
                vocabulary=vocabulary, slug=slug, defaults={"name": name, "sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_listing_fields")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
