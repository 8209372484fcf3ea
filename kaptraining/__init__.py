"""kaptraining: training and certification for ketamine-assisted psychotherapy."""

from .celery import app as celery_app

__all__ = ["celery_app"]
