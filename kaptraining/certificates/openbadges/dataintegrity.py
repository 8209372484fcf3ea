"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (Ed25519 over
RDFC-1.0 canonical N-Quads), as Open Badges 3.0 requires.

sign() and verify() are pure: they take keys and documents, touch no database
and no network. The older name "eddsa-2022" (same algorithm, used by 1EdTech's
own test vectors) is accepted when verifying.
"""

import copy
import hashlib
from dataclasses import dataclass, field

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyld import jsonld

from .loader import OB_CONTEXTS, VC_V1, VC_V2, offline_document_loader

CRYPTOSUITE = "eddsa-rdfc-2022"
ACCEPTED_CRYPTOSUITES = {"eddsa-rdfc-2022", "eddsa-2022"}
# multicodec prefix for an Ed25519 public key (0xed, varint-encoded)
_ED25519_PUB_PREFIX = b"\xed\x01"


class ProofError(Exception):
    """The credential or its proof cannot be checked or does not hold."""


@dataclass
class VerificationResult:
    verified: bool
    errors: list[str] = field(default_factory=list)
    status: str | None = None  # e.g. "revoked" when a status check ran


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58.b58encode(_ED25519_PUB_PREFIX + raw).decode("ascii")


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ProofError(
            "Only base58btc multibase keys (starting with 'z') are supported."
        )
    try:
        decoded = base58.b58decode(value[1:])
    except ValueError as exc:
        raise ProofError("The public key is not valid base58.") from exc
    if not decoded.startswith(_ED25519_PUB_PREFIX) or len(decoded) != 34:
        raise ProofError("The public key is not an Ed25519 multikey.")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def _refuse_dropped(term) -> None:
    raise ProofError(
        f"The term {term!r} is not defined by any @context, so it could not be signed."
    )


def _canonize(document: dict) -> bytes:
    """RDFC-1.0 canonical N-Quads, in JSON-LD "safe mode": a property that no
    context defines would silently drop out of the signed data (and could then
    be changed at will), so it is an error instead."""
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped)
    try:
        nquads = processor.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": offline_document_loader,
            },
        )
    except jsonld.JsonLdError as exc:
        cause = _proof_error_in(exc)
        if cause is not None:
            raise cause from exc
        raise ProofError(
            f"The credential is not valid JSON-LD: {_root_cause(exc)}"
        ) from exc
    return nquads.encode("utf-8")


def _proof_error_in(exc: BaseException) -> "ProofError | None":
    while exc is not None:
        if isinstance(exc, ProofError):
            return exc
        exc = exc.__cause__ or getattr(exc, "cause", None)
    return None


def _root_cause(exc: BaseException) -> str:
    while exc.__cause__ is not None or getattr(exc, "cause", None) is not None:
        exc = exc.__cause__ or exc.cause
    return str(exc).splitlines()[0][:200]


def _hash_data(document: dict, proof_options: dict) -> bytes:
    """SHA-256(canonical proof options) || SHA-256(canonical document)."""
    options = {k: v for k, v in proof_options.items() if k != "proofValue"}
    options["@context"] = document["@context"]
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    return (
        hashlib.sha256(_canonize(options)).digest()
        + hashlib.sha256(_canonize(unsecured)).digest()
    )


def check_contexts(document: dict, *, require_ob: bool = True) -> None:
    """The VC context comes first and, for badges, an OB 3.0 context is present."""
    contexts = document.get("@context")
    if not isinstance(contexts, list) or not contexts:
        raise ProofError("@context must be a non-empty list.")
    if contexts[0] not in (VC_V1, VC_V2):
        raise ProofError(
            "The first @context must be the W3C Verifiable Credentials context."
        )
    if require_ob and not any(c in OB_CONTEXTS for c in contexts if isinstance(c, str)):
        raise ProofError("An Open Badges 3.0 @context is missing.")


def sign(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    require_ob: bool = True,
) -> dict:
    """Return a copy of document with one DataIntegrityProof appended to `proof`."""
    check_contexts(document, require_ob=require_ob)
    unsecured = copy.deepcopy(document)
    existing = unsecured.pop("proof", [])
    proof = {
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(_hash_data(unsecured, proof))
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    signed = copy.deepcopy(document)
    signed["proof"] = [*(existing if isinstance(existing, list) else [existing]), proof]
    return signed


def key_from_verification_method(verification_method: str) -> Ed25519PublicKey:
    """A did:key or an https URL whose fragment is the Ed25519 multikey itself."""
    if verification_method.startswith("did:key:"):
        fragment = verification_method[len("did:key:") :].split("#", 1)[0]
    else:
        fragment = (
            verification_method.rsplit("#", 1)[-1] if "#" in verification_method else ""
        )
    if not fragment.startswith("z6Mk"):
        raise ProofError("The verification method does not name an Ed25519 key.")
    return public_key_from_multibase(fragment)


def verify(
    document: dict, *, resolve_key=key_from_verification_method, require_ob: bool = True
) -> VerificationResult:
    """Check every DataIntegrityProof on document; offline, no exceptions leak."""
    try:
        check_contexts(document, require_ob=require_ob)
        proofs = document.get("proof")
        if isinstance(proofs, dict):
            proofs = [proofs]
        if not proofs:
            raise ProofError("The credential has no proof.")
        unsecured = {k: v for k, v in document.items() if k != "proof"}
        for proof in proofs:
            if proof.get("type") != "DataIntegrityProof":
                raise ProofError("Only DataIntegrityProof proofs are supported.")
            if proof.get("cryptosuite") not in ACCEPTED_CRYPTOSUITES:
                raise ProofError(
                    f"Unsupported cryptosuite {proof.get('cryptosuite')!r}."
                )
            if proof.get("proofPurpose") != "assertionMethod":
                raise ProofError("The proof purpose must be assertionMethod.")
            value = proof.get("proofValue", "")
            if not isinstance(value, str) or not value.startswith("z"):
                raise ProofError("The proof value must be base58btc multibase.")
            try:
                signature = base58.b58decode(value[1:])
            except ValueError as exc:
                raise ProofError("The proof value is not valid base58.") from exc
            public_key = resolve_key(proof.get("verificationMethod", ""))
            try:
                public_key.verify(signature, _hash_data(unsecured, proof))
            except InvalidSignature as exc:
                raise ProofError(
                    "The signature does not match the credential."
                ) from exc
    except ProofError as exc:
        return VerificationResult(verified=False, errors=[str(exc)])
    except (AttributeError, KeyError, TypeError):
        return VerificationResult(
            verified=False, errors=["The credential is malformed."]
        )
    return VerificationResult(verified=True)
