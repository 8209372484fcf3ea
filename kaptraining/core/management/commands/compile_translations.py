"""Compile the project's catalogues (LOCALE_PATHS) to .mo files with polib, so
that a build needs no gettext tools. Only the project's own locale folders are
touched, never the virtualenv's (compilemessages would walk into it)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_catalogues(*, only_if_stale: bool = False) -> list[Path]:
    """Write <name>.mo beside each <name>.po under LOCALE_PATHS; returns the
    files written. Fuzzy entries are left out, as msgfmt does."""
    written = []
    for root in settings.LOCALE_PATHS:
        for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if (
                only_if_stale
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (no gettext needed)."
    # A build step (the Dockerfile runs it beside collectstatic): production's
    # deploy checks (mail, Redis, secrets) are for the running site, not here.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Only compile catalogues whose .mo is missing or older.",
        )

    def handle(self, *args, **options):
        for path in compile_catalogues(only_if_stale=options["if_stale"]):
            self.stdout.write(f"compiled {path}")
