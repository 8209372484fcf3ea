"""Celery tasks of core: the one mail task lives with the mail helper, and is
imported here so that the worker's autodiscovery registers it."""

from .mail import mail_deliver

__all__ = ["mail_deliver"]
