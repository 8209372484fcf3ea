"""The Celery app for the worker-fault test only: `celery -A
tests.certificates.fault_worker worker`. It is the project's app with one
service patched before the worker starts: while the file named by
CERTIFICATES_FAULT_PAUSE_FILE exists, the next certificate about to be finished
(its row inserted and committed, nothing else done) removes the file and pauses,
so the test can kill the worker at the worst moment. Production code knows
nothing of it."""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaptraining.settings.test")
django.setup()

from kaptraining.celery import app  # noqa: E402
from kaptraining.certificates import services  # noqa: E402

PAUSE_FILE = os.environ["CERTIFICATES_FAULT_PAUSE_FILE"]
PAUSE_SECONDS = 60
_finish = services.certificate_finish


def _finish_after_pause(*, certificate):
    try:
        os.remove(PAUSE_FILE)
    except FileNotFoundError:
        pass
    else:
        time.sleep(PAUSE_SECONDS)
    return _finish(certificate=certificate)


services.certificate_finish = _finish_after_pause

__all__ = ["app"]
