"""Build, sign and check the Open Badges 3.0 credential of a certificate, and
the revocation status list every credential points at."""

import base64
import gzip
import hashlib
import secrets
from datetime import UTC, datetime

from kaptraining.core.hours import format_hours, hours_decimal
from kaptraining.core.urls import absolute_url

from . import dataintegrity
from .dataintegrity import ProofError, VerificationResult
from .keys import signing_key
from .loader import OB_CONTEXT, VC_V2

# BitstringStatusList: at least 16 KB of bits, so an index says little about volume.
STATUS_LIST_MIN_BITS = 131072


def issuer_url() -> str:
    return absolute_url("certificates:ob_issuer")


def status_list_url() -> str:
    return absolute_url("certificates:ob_status_list")


def public_key_multibase() -> str:
    return dataintegrity.public_key_multibase(signing_key().public_key())


def verification_method() -> str:
    return f"{issuer_url()}#{public_key_multibase()}"


def _iso(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )


def issuer_profile(organisation_name: str) -> dict:
    """The issuer Profile, as embedded in credentials and published at issuer_url()."""
    return {
        "id": issuer_url(),
        "type": ["Profile"],
        "name": organisation_name,
        "url": absolute_url("/"),
    }


def build_credential(certificate, *, organisation_name: str) -> dict:
    """The unsigned AchievementCredential for a certificate."""
    salt = secrets.token_hex(8)
    email_hash = hashlib.sha256(
        (certificate.trainee.email.lower() + salt).encode()
    ).hexdigest()
    achievement = {
        "id": absolute_url(
            f"/openbadges/achievements/{certificate.award_key.replace(':', '-')}/"
        ),
        "type": ["Achievement"],
        "achievementType": "Certificate"
        if certificate.kind == "program"
        else "CertificateOfCompletion",
        "name": certificate.award_title,
        "description": (
            f"{certificate.award_title}, awarded by {organisation_name}"
            + (
                f" for completing {certificate.program.title}."
                if certificate.program_id
                else "."
            )
        ),
        "criteria": {
            "narrative": (
                "Completed the required "
                f"{format_hours(certificate.hours_minutes)} hours of training, "
                "verified by the training organisation."
            )
        },
    }
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.holder_name,
            },
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": f"sha256${email_hash}",
                "salt": salt,
            },
        ],
        "achievement": achievement,
    }
    if certificate.hours_minutes:
        subject["creditsEarned"] = float(hours_decimal(certificate.hours_minutes))
    credential = {
        "@context": [VC_V2, OB_CONTEXT],
        "id": certificate.verification_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(organisation_name),
        "validFrom": _iso(certificate.issued_at),
        "name": certificate.award_title,
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_list_url()}#{certificate.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.pk),
            "statusListCredential": status_list_url(),
        },
    }
    if certificate.expires_at:
        credential["validUntil"] = _iso(certificate.expires_at)
    return credential


def sign_credential(document: dict, *, created: datetime) -> dict:
    return dataintegrity.sign(
        document,
        private_key=signing_key(),
        verification_method=verification_method(),
        created=_iso(created),
    )


# --- status list ------------------------------------------------------------


def encode_bits(indexes: list[int]) -> str:
    """Multibase base64url (no padding) of the GZIP-compressed bitstring;
    bit i (most significant first) is set for each index."""
    size = max(STATUS_LIST_MIN_BITS, ((max(indexes, default=0) // 8) + 1) * 8)
    bits = bytearray(size // 8)
    for i in indexes:
        bits[i // 8] |= 0x80 >> (i % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def bit_is_set(encoded_list: str, index: int) -> bool:
    if not encoded_list.startswith("u"):
        raise ProofError("The status list is not base64url multibase.")
    raw = encoded_list[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    if index // 8 >= len(bits):
        raise ProofError("The status index is outside the status list.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def build_status_list(*, revoked_indexes: list[int], now: datetime) -> dict:
    """A signed BitstringStatusListCredential; bit set = no longer valid."""
    url = status_list_url()
    document = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(),
        "validFrom": _iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits(revoked_indexes),
        },
    }
    return dataintegrity.sign(
        document,
        private_key=signing_key(),
        verification_method=verification_method(),
        created=_iso(now),
        require_ob=False,
    )


def verify_credential(
    document: dict, *, status_list: dict | None = None
) -> VerificationResult:
    """Check the proof, the validity window and, given the issuer's status list,
    whether the credential has been revoked. Offline: keys come from the
    verification method, and credentials naming this site's issuer must be
    signed with this site's key."""
    own_issuer = issuer_url()

    def resolve_key(method: str):
        if method.split("#", 1)[0] == own_issuer and method != verification_method():
            raise ProofError("The credential names this issuer but not its key.")
        return dataintegrity.key_from_verification_method(method)

    result = dataintegrity.verify(document, resolve_key=resolve_key)
    if not result.verified:
        return result
    now = datetime.now(UTC)
    valid_until = document.get("validUntil")
    if (
        valid_until
        and datetime.fromisoformat(valid_until.replace("Z", "+00:00")) <= now
    ):
        result.status = "expired"
    entry = document.get("credentialStatus")
    if entry and status_list is not None:
        list_check = dataintegrity.verify(
            status_list, resolve_key=resolve_key, require_ob=False
        )
        if not list_check.verified:
            return VerificationResult(
                verified=False, errors=["The status list is not authentic."]
            )
        try:
            if bit_is_set(
                status_list["credentialSubject"]["encodedList"],
                int(entry["statusListIndex"]),
            ):
                result.status = "revoked"
        except (KeyError, ValueError, ProofError) as exc:
            return VerificationResult(
                verified=False, errors=[f"The status could not be read: {exc}"]
            )
    return result
