"""System checks: credentials are signed offline, so the JSON-LD contexts they
use must be on disk where settings.OPENBADGES_DATA_DIR says."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from .openbadges.loader import CONTEXT_FILES


@checks.register()
def openbadges_contexts_present(app_configs=None, **kwargs):
    folder = Path(settings.OPENBADGES_DATA_DIR) / "contexts"
    missing = sorted(
        name for name in set(CONTEXT_FILES.values()) if not (folder / name).is_file()
    )
    if not missing:
        return []
    # Development can run without credentials; a live site cannot issue any.
    level, check_id = (
        (checks.Warning, "certificates.W001")
        if settings.DEBUG
        else (checks.Error, "certificates.E001")
    )
    return [
        level(
            f"Open Badges contexts missing from {folder}: {', '.join(missing)}.",
            hint=(
                "Certificates cannot be signed without them. Set "
                "OPENBADGES_DATA_DIR to the openbadges-3.0 reference folder "
                "(shared/data/openbadges-3.0 beside the project; docker-compose "
                "mounts it read-only)."
            ),
            id=check_id,
        )
    ]
