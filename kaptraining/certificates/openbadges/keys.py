"""The issuer's Ed25519 signing key.

Production reads it from settings.OB_SIGNING_KEY (base64 of the 32-byte seed,
or a PEM private key); it is required there. Development and tests generate one
once and keep it under PRIVATE_ROOT, so the demo works with no setup.
"""

import base64
import binascii
import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _parse(value: str) -> Ed25519PrivateKey:
    value = value.strip()
    if value.startswith("-----BEGIN"):
        key = load_pem_private_key(value.encode("ascii"), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("OB_SIGNING_KEY must be an Ed25519 private key.")
        return key
    try:
        seed = base64.b64decode(
            value + "=" * (-len(value) % 4), altchars=b"-_", validate=False
        )
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("OB_SIGNING_KEY is neither PEM nor base64.") from exc
    if len(seed) != 32:
        raise ImproperlyConfigured("OB_SIGNING_KEY must hold a 32-byte Ed25519 seed.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def generate_key_text() -> str:
    """A new key in the form OB_SIGNING_KEY expects (base64 of the seed)."""
    seed = Ed25519PrivateKey.generate().private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )
    return base64.b64encode(seed).decode("ascii")


def _local_key_path() -> Path:
    return Path(settings.PRIVATE_ROOT) / "openbadges" / "ed25519-signing-key.txt"


def _local_key() -> Ed25519PrivateKey:
    path = _local_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: when a worker and a web process race, one key wins.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(generate_key_text())
    return _parse(path.read_text())


@cache
def _cached(configured: str, local_path: str) -> Ed25519PrivateKey:
    return _parse(configured) if configured else _local_key()


def signing_key() -> Ed25519PrivateKey:
    configured = getattr(settings, "OB_SIGNING_KEY", "")
    if not configured and not getattr(
        settings, "OB_SIGNING_KEY_AUTOGENERATE", settings.DEBUG
    ):
        raise ImproperlyConfigured(
            "Set OB_SIGNING_KEY to sign Open Badges credentials."
        )
    return _cached(configured, str(_local_key_path()))
