"""The study records move to the study app with their rows: each table is
renamed study_<model> here and study/0001 takes the models over in the
migration state (their content types, and so audit history and permissions,
follow there). Curriculum keeps only its pages."""

from django.db import migrations

# Responses first: they point at attempts.
MOVED = [
    "quizresponse",
    "quizattempt",
    "journalentry",
    "lessonnote",
    "studyposition",
    "evaluationresponse",
    "electivechoice",
]


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0002_study_records"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"study_{name}")
                for name in MOVED
            ],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        ),
    ]
