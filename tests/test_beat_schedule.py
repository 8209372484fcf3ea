"""Every periodic task named in settings exists: a typo would fail silently in
production (beat would send a message no worker understands)."""

import pytest
from django.conf import settings

from kaptraining.celery import app


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_beat_entry_names_a_registered_task(name):
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE[name]

    assert entry["task"] in app.tasks, f"{name}: no task {entry['task']}"
    assert entry["schedule"] > 0
