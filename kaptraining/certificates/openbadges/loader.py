"""A JSON-LD document loader that serves the bundled contexts and refuses the network.

Signing and verifying must work offline and must not depend on (or be steered
by) a remote server, so every context is read from settings.OPENBADGES_DATA_DIR.
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings

# Each context URL a credential may use, and the file that holds it.
_OB = "https://purl.imsglobal.org/spec/ob/v3p0"
CONTEXT_FILES = {
    "https://www.w3.org/2018/credentials/v1": "2018-credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v1.jsonld",
    f"{_OB}/context-3.0.1.json": "ob-v3p0-3.0.1.json",
    f"{_OB}/context-3.0.2.json": "ob-v3p0-3.0.2.json",
    f"{_OB}/context-3.0.3.json": "ob-v3p0-3.0.3.json",
    f"{_OB}/extensions.json": "ob-v3p0-extensions.json",
}

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_CONTEXTS = {url for url in CONTEXT_FILES if "/ob/v3p0/context-" in url}


class ContextNotAvailable(Exception):
    """A credential asked for a JSON-LD context that is not bundled."""


@cache
def _load(url: str) -> dict:
    path = Path(settings.OPENBADGES_DATA_DIR) / "contexts" / CONTEXT_FILES[url]
    return json.loads(path.read_text(encoding="utf-8"))


def offline_document_loader(url: str, options=None) -> dict:
    """pyld document loader: known contexts from disk, anything else refused."""
    key = url.split("#", 1)[0]
    if key not in CONTEXT_FILES:
        raise ContextNotAvailable(
            f"Refusing to fetch {url!r}: only bundled contexts are used."
        )
    return {"contextUrl": None, "documentUrl": url, "document": _load(key)}
