"""The Spanish locale editors translate pages into (issue 21)."""

from django.db import migrations


def create_spanish(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="en")
    Locale.objects.get_or_create(language_code="es")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_homepage_sections_standardpage_sections"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_spanish, migrations.RunPython.noop)]
