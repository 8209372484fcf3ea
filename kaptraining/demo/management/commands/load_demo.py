"""`manage.py load_demo`: the demo organisation, its program, four cohorts at
every stage, and the people whose story the README tells. Refuses to run
unless settings.KAP_DEMO_ALLOWED (never under production settings)."""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kaptraining.demo.base import Demo
from kaptraining.demo.loader import (
    DemoRefused,
    load,
    print_logins,
    refuse_unless_allowed,
)


class Command(BaseCommand):
    help = (
        "Load the demo data (development only). Safe to run again: it creates "
        "only what is missing and changes nothing users have changed."
    )

    def execute(self, *args, **options):
        # Refuse before the system checks: under production settings the reason
        # to give is that demo data never belongs there, not a missing setting.
        if not settings.KAP_DEMO_ALLOWED:
            try:
                refuse_unless_allowed()
            except DemoRefused as exc:
                raise CommandError(str(exc)) from exc
        return super().execute(*args, **options)

    def handle(self, *args, **options):
        started = time.monotonic()
        demo = Demo()
        # Thousands of pages, tasks and PDFs are made: say what was loaded,
        # not every step (warnings and errors still show).
        logging.disable(logging.INFO)
        try:
            made = load(demo)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        finally:
            logging.disable(logging.NOTSET)
        seconds = time.monotonic() - started
        if made:
            self.stdout.write(
                f"Loaded {', '.join(made)} in {seconds:.1f} s "
                f"({demo.held_mail} e-mails the story would send were not sent)."
            )
        else:
            self.stdout.write(
                f"The demo data was already loaded; nothing changed ({seconds:.1f} s)."
            )
        print_logins(self.stdout, self.style, demo)
