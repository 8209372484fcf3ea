"""Celery tasks carry explicit names, and the names they had before (their
module paths) still reach them: a message queued before a deploy is not lost."""

import importlib

import pytest
from django.apps import apps as django_apps

from kaptraining.celery import app
from kaptraining.core.task_names import OLD_NAMES
from kaptraining.directory.models import Listing
from tests.conftest import wait_until
from tests.factories import make_program
from tests.factories.directory import ListingFactory, certify

PROJECT = ("kaptraining.", "cohorts.")


@pytest.fixture(autouse=True)
def _tasks_imported():
    app.loader.import_default_modules()


def _project_tasks():
    return {
        name: task
        for name, task in app.tasks.items()
        if task.__module__.startswith(PROJECT)
    }


def test_every_task_has_an_explicit_name_not_its_module_path():
    tasks = _project_tasks()
    named = [name for name in tasks if name not in OLD_NAMES]

    assert named, "no project task found"
    for name in named:
        # "<app>.<verb phrase>", never the module path Celery would derive.
        assert name.count(".") == 1, name
        assert name != f"{tasks[name].__module__}.{tasks[name].run.__name__}", name


def test_every_old_name_forwards_to_a_registered_task():
    migration = importlib.import_module(
        "kaptraining.core.migrations.0003_rename_celery_tasks"
    )
    # Every task that existed before the rename keeps its old name (tasks
    # added since never had an auto-generated name in production).
    assert set(OLD_NAMES) == set(migration.RENAMES)
    for old, task in OLD_NAMES.items():
        assert old in app.tasks
        assert task.name in app.tasks and task.name not in OLD_NAMES, old
        module, function = old.rsplit(".", 1)
        # The old name was the module path Celery derived from the function.
        assert getattr(importlib.import_module(module), function).name == task.name


def test_beat_migration_rewrites_every_old_name_and_back(db):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    migration = importlib.import_module(
        "kaptraining.core.migrations.0003_rename_celery_tasks"
    )
    assert migration.RENAMES == {old: t.name for old, t in OLD_NAMES.items()}
    every = IntervalSchedule.objects.create(every=10, period="minutes")
    old = "kaptraining.certificates.tasks.certificates_review_expiry"
    row = PeriodicTask.objects.create(name="staff-made", task=old, interval=every)
    other = PeriodicTask.objects.create(name="other", task="x.y", interval=every)

    migration.forwards(django_apps, None)
    row.refresh_from_db()
    other.refresh_from_db()
    assert (row.task, other.task) == ("certificates.review_expiry", "x.y")

    migration.backwards(django_apps, None)
    row.refresh_from_db()
    assert row.task == old


@pytest.mark.django_db
def test_old_name_runs_the_task_in_process():
    listing = ListingFactory()
    certificate = certify(listing.user, make_program())
    Listing.objects.filter(pk=listing.pk).update(certificate=None)

    app.tasks["kaptraining.directory.tasks.directory_refresh_certification"].apply(
        kwargs={"batch_size": 2}
    )

    listing.refresh_from_db()
    assert listing.certificate_id == certificate.pk


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_message_sent_under_the_old_name(celery_worker_process):
    listing = ListingFactory()
    certificate = certify(listing.user, make_program())
    Listing.objects.filter(pk=listing.pk).update(certificate=None)

    app.send_task(
        "kaptraining.directory.tasks.directory_refresh_certification",
        kwargs={"batch_size": 2},
    )

    wait_until(
        lambda: Listing.objects.get(pk=listing.pk).certificate_id == certificate.pk,
        timeout=60,
    )
