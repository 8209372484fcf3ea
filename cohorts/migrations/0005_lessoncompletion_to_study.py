"""LessonCompletion moves to the study app with its rows: the table is renamed
study_lessoncompletion here and study/0001 takes the model over in the
migration state (its content type, and so its audit history, follows there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0004_attendance_marking_cancellation_notice"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(
                    name="lessoncompletion", table="study_lessoncompletion"
                ),
            ],
            state_operations=[migrations.DeleteModel(name="LessonCompletion")],
        ),
    ]
