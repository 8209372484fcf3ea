"""Celery application: settings come from Django (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaptraining.settings.dev")

app = Celery("kaptraining")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
