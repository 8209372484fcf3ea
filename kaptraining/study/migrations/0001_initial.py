"""The study app takes over the study records with their data: LessonCompletion
from cohorts (cohorts/0005) and the quiz, journal, note, position, evaluation
and elective models from curriculum (curriculum/0003). Those migrations
renamed the tables to study_*; here the models enter the migration state
only (no table is created), and their content types are renamed so that
django-auditlog history, Wagtail log entries and permissions follow."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = {
    "cohorts": ["lessoncompletion"],
    "curriculum": [
        "quizattempt",
        "quizresponse",
        "journalentry",
        "lessonnote",
        "studyposition",
        "evaluationresponse",
        "electivechoice",
    ],
}


def _move_content_types(apps, moves):
    """moves: [(from_app, to_app, model)]. A content type is renamed; if the
    target already exists (post_migrate ran in between), the audit log entries
    are re-pointed to it and the old one, now unused, removed."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    for from_app, to_app, model in moves:
        old = ContentType.objects.filter(app_label=from_app, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=to_app, model=model).first()
        if new is None:
            old.app_label = to_app
            old.save(update_fields=["app_label"])
        else:
            LogEntry.objects.filter(content_type=old).update(content_type=new)
            old.delete()


def forwards(apps, schema_editor):
    _move_content_types(
        apps,
        [(app, "study", model) for app, models in MOVED.items() for model in models],
    )


def backwards(apps, schema_editor):
    _move_content_types(
        apps,
        [("study", app, model) for app, models in MOVED.items() for model in models],
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cohorts", "0005_lessoncompletion_to_study"),
        ("curriculum", "0003_study_records_to_study"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "0017_add_actor_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='QuizAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                        ('status', models.CharField(choices=[('pending_review', "Awaiting a trainer's review"), ('graded', 'Graded')], max_length=16)),
                        ('pass_mark', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(100)])),
                        ('score_percent', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(100)])),
                        ('passed', models.BooleanField(default=False)),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('graded_at', models.DateTimeField(blank=True, null=True)),
                        ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quiz_attempts', to='cohorts.enrolment')),
                        ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quiz_attempts', to='curriculum.lessonpage')),
                        ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision')),
                        ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quiz_attempts', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['lesson_id', 'trainee_id', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizResponse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('question_id', models.CharField(max_length=64)),
                        ('position', models.PositiveSmallIntegerField()),
                        ('kind', models.CharField(choices=[('single_choice', 'Single choice'), ('multiple_choice', 'Multiple choice'), ('true_false', 'True or false'), ('short_answer', 'Short answer')], max_length=20)),
                        ('prompt', models.TextField()),
                        ('options', models.JSONField(blank=True, default=list, help_text='The options shown: id, text, correct, feedback.')),
                        ('explanation', models.TextField(blank=True)),
                        ('selected', models.JSONField(blank=True, default=list, help_text='Ids of the options chosen.')),
                        ('text', models.TextField(blank=True)),
                        ('is_correct', models.BooleanField(help_text='Empty while a short answer awaits review.', null=True)),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('reviewer_comment', models.TextField(blank=True)),
                        ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='study.quizattempt')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['attempt_id', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='StudyPosition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('visited_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='curriculum.lessonpage')),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='curriculum.programpage')),
                        ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                ),
                migrations.CreateModel(
                    name='ElectiveChoice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('chosen_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='choices', to='curriculum.coursepage')),
                        ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elective_choices', to='cohorts.enrolment')),
                        ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elective_choices', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'constraints': [models.UniqueConstraint(fields=('trainee', 'course'), name='one_choice_per_elective')],
                    },
                ),
                migrations.CreateModel(
                    name='EvaluationResponse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('objectives_met', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='the learning objectives were met')),
                        ('relevance', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='the content is relevant to my practice')),
                        ('quality', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='the teaching materials were clear and useful')),
                        ('free_of_bias', models.BooleanField(verbose_name='the content was free of commercial bias')),
                        ('comments', models.TextField(blank=True, max_length=4000, verbose_name='comments')),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='cohorts.enrolment')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.page')),
                        ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'constraints': [models.UniqueConstraint(fields=('trainee', 'page'), name='one_evaluation_per_page'), models.CheckConstraint(condition=models.Q(('objectives_met__range', (1, 5)), ('quality__range', (1, 5)), ('relevance__range', (1, 5))), name='evaluation_ratings_1_to_5')],
                    },
                ),
                migrations.CreateModel(
                    name='JournalEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('block_id', models.CharField(max_length=64)),
                        ('prompt', models.TextField()),
                        ('body', models.TextField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='curriculum.lessonpage')),
                        ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='journal_entries', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'journal entries',
                        'constraints': [models.UniqueConstraint(fields=('trainee', 'lesson', 'block_id'), name='one_journal_entry_per_prompt')],
                    },
                ),
                migrations.CreateModel(
                    name='LessonCompletion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('completed_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lesson_completions', to='cohorts.enrolment')),
                        ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='completions', to='curriculum.lessonpage')),
                        ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='wagtailcore.revision')),
                        ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lesson_completions', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'constraints': [models.UniqueConstraint(fields=('trainee', 'lesson'), name='one_completion_per_lesson')],
                    },
                ),
                migrations.CreateModel(
                    name='LessonNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField()),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='curriculum.lessonpage')),
                        ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lesson_notes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'constraints': [models.UniqueConstraint(fields=('trainee', 'lesson'), name='one_note_per_lesson')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='quizattempt',
                    constraint=models.UniqueConstraint(fields=('trainee', 'lesson', 'number'), name='one_attempt_number_per_quiz'),
                ),
                migrations.AddConstraint(
                    model_name='quizattempt',
                    constraint=models.CheckConstraint(condition=models.Q(('score_percent__lte', 100)), name='quiz_score_at_most_100'),
                ),
                migrations.AddConstraint(
                    model_name='quizattempt',
                    constraint=models.CheckConstraint(condition=models.Q(('passed', False), models.Q(('score_percent__isnull', False), ('status', 'graded')), _connector='OR'), name='quiz_pass_needs_grade'),
                ),
                migrations.AddConstraint(
                    model_name='quizresponse',
                    constraint=models.UniqueConstraint(fields=('attempt', 'question_id'), name='one_response_per_question'),
                ),
                migrations.AddConstraint(
                    model_name='studyposition',
                    constraint=models.UniqueConstraint(fields=('trainee', 'program'), name='one_position_per_program'),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
