"""Open Badges 3.0: schema-valid credentials, eddsa-rdfc-2022 proofs checked
offline (1EdTech's test vector), revocation through the status list."""

import base64
import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from jsonschema import Draft201909Validator

from kaptraining.certificates.openbadges import dataintegrity, keys
from kaptraining.certificates.openbadges.credentials import (
    bit_is_set,
    encode_bits,
    verify_credential,
)
from kaptraining.certificates.openbadges.loader import (
    ContextNotAvailable,
    offline_document_loader,
)
from kaptraining.certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from kaptraining.certificates.tasks import certificate_issue_award_task
from tests.factories import UserFactory
from tests.factories.certificates import ProgramCertificateSettingsFactory

DATA = Path(settings.OPENBADGES_DATA_DIR)


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


@pytest.fixture(scope="module")
def validator():
    schema = _load("schema/achievementcredential.json")
    return Draft201909Validator(
        schema, format_checker=Draft201909Validator.FORMAT_CHECKER
    )


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any socket connection attempt fails the test: all of this is offline."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_verify_accepts_1edtech_eddsa_test_vector():
    result = dataintegrity.verify(_load("examples/simple-eddsa-2022.json"))

    assert result.verified, result.errors


def test_verify_rejects_test_vector_with_one_changed_byte():
    raw = (DATA / "examples/simple-eddsa-2022.json").read_bytes()
    at = raw.index(b'"some description"') + 2
    tampered = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]  # "some" -> "rome"

    result = dataintegrity.verify(json.loads(tampered))

    assert not result.verified
    assert "signature does not match" in result.errors[0]


def test_verify_rejects_test_vector_with_changed_proof_value():
    document = _load("examples/simple-eddsa-2022.json")
    value = document["proof"][0]["proofValue"]
    document["proof"][0]["proofValue"] = value[:-1] + ("3" if value[-1] != "3" else "4")

    assert not dataintegrity.verify(document).verified


def test_verify_rejects_1edtech_error_context_example():
    result = dataintegrity.verify(_load("examples/simple-err-context.json"))

    assert not result.verified
    assert "context" in result.errors[0]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("proof"),
        lambda d: d["proof"][0].update(cryptosuite="ecdsa-rdfc-2019"),
        lambda d: d["proof"][0].update(proofPurpose="authentication"),
        lambda d: d["proof"][0].update(
            verificationMethod="https://example.com/issuers/1#key-1"
        ),
        lambda d: d.update(proof="not a proof"),
    ],
    ids=["no-proof", "other-suite", "wrong-purpose", "unresolvable-key", "malformed"],
)
def test_verify_rejects_broken_proofs_with_a_message(mutate):
    document = _load("examples/simple-eddsa-2022.json")
    mutate(document)

    result = dataintegrity.verify(document)

    assert not result.verified and result.errors[0]


def test_document_loader_refuses_unknown_context():
    with pytest.raises(ContextNotAvailable):
        offline_document_loader("https://example.com/evil-context.jsonld")


def test_verify_rejects_added_property_no_context_defines():
    """JSON-LD "safe mode": with the VC 1.1 context an undefined property drops
    out of the signed graph, so the signature alone would still hold; the
    verifier must refuse the document rather than vouch for that property."""
    document = _load("examples/simple-eddsa-2022.json")
    document["credentialSubject"]["achievement"]["favouriteColour"] = "teal"

    result = dataintegrity.verify(document)

    assert not result.verified
    assert "favouriteColour" in result.errors[0]


def test_sign_refuses_property_no_context_defines():
    document = {
        k: v
        for k, v in _load("examples/simple-eddsa-2022.json").items()
        if k != "proof"
    }
    document["favouriteColour"] = "teal"
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    with pytest.raises(dataintegrity.ProofError, match="favouriteColour"):
        dataintegrity.sign(
            document,
            private_key=Ed25519PrivateKey.generate(),
            verification_method="did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
            created="2026-01-01T00:00:00Z",
        )


@pytest.mark.django_db
def test_every_issued_credential_validates_against_schema_and_verifies(
    program, eligible_trainee, validator
):
    ProgramCertificateSettingsFactory(program=program, validity_years=2)
    program_certificate, _ = certificate_issue(
        trainee=eligible_trainee, program=program
    )
    reissued = certificate_reissue(
        certificate=program_certificate, reason="Name change"
    )
    ce_number = certificate_issue_award_task.delay(
        UserFactory().pk, "ce:7", "ce", "Consent in KAP (3 CE)", None, 180, {}
    ).get()
    from kaptraining.certificates.models import Certificate

    credentials = [c.credential for c in Certificate.objects.all()]
    assert len(credentials) == 3 and ce_number
    for credential in credentials:
        errors = [e.message for e in validator.iter_errors(credential)]
        assert errors == [], errors
        result = verify_credential(credential)
        assert result.verified, result.errors
    assert reissued.credential["id"].endswith(f"/verify/{reissued.number}/")


@pytest.mark.django_db
def test_issued_credential_with_one_changed_byte_is_rejected(program, eligible_trainee):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    text = json.dumps(certificate.credential)
    tampered = json.loads(text.replace(certificate.holder_name, "Maria Delgadp, PsyD"))

    assert verify_credential(certificate.credential).verified
    assert not verify_credential(tampered).verified


@pytest.mark.django_db
def test_credential_signed_with_another_key_for_this_issuer_is_rejected(
    program, eligible_trainee
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    forger = Ed25519PrivateKey.generate()
    unsigned = {k: v for k, v in certificate.credential.items() if k != "proof"}
    issuer = certificate.credential["issuer"]["id"]
    forged = dataintegrity.sign(
        unsigned,
        private_key=forger,
        verification_method=f"{issuer}#{dataintegrity.public_key_multibase(forger.public_key())}",
        created="2026-01-01T00:00:00Z",
    )

    assert dataintegrity.verify(forged).verified  # mathematically fine...
    result = verify_credential(forged)  # ...but not this issuer's key
    assert not result.verified
    assert "not its key" in result.errors[0]


@pytest.mark.django_db
def test_revoked_credential_reports_revoked_through_status_list(
    client, program, eligible_trainee
):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    status_url = certificate.credential["credentialStatus"]["statusListCredential"]
    path = reverse("certificates:ob_status_list")
    assert status_url.endswith(path)

    before = client.get(path).json()
    assert verify_credential(certificate.credential, status_list=before).status is None

    certificate_revoke(certificate=certificate, reason="Licence surrendered")
    after = client.get(path).json()

    result = verify_credential(certificate.credential, status_list=after)
    assert result.verified and result.status == "revoked"


@pytest.mark.django_db
def test_tampered_status_list_is_not_trusted(client, program, eligible_trainee):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    status_list = client.get(reverse("certificates:ob_status_list")).json()
    forged = copy.deepcopy(status_list)
    forged["credentialSubject"]["encodedList"] = encode_bits([certificate.pk])

    result = verify_credential(certificate.credential, status_list=forged)

    assert not result.verified
    assert "status list" in result.errors[0]


def test_status_bits_round_trip_and_minimum_size():
    encoded = encode_bits([0, 9, 131071])

    assert [bit_is_set(encoded, i) for i in (0, 1, 9, 131071)] == [
        True,
        False,
        True,
        True,
    ]
    with pytest.raises(dataintegrity.ProofError):
        bit_is_set(encoded, 131072)


@pytest.mark.django_db
def test_issuer_profile_and_key_publish_the_signing_key(
    client, program, eligible_trainee
):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    method = certificate.credential["proof"][0]["verificationMethod"]

    profile = client.get(reverse("certificates:ob_issuer")).json()
    key = client.get(reverse("certificates:ob_key")).json()

    assert (
        profile["id"] == certificate.credential["issuer"]["id"] == method.split("#")[0]
    )
    assert profile["type"] == ["Profile"]
    assert profile["verificationMethod"][0]["id"] == method == key["id"]
    assert key["type"] == "Multikey" and key["controller"] == profile["id"]
    assert method.endswith("#" + key["publicKeyMultibase"])


def test_signing_key_comes_from_setting_when_set(settings):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    seed = bytes(range(32))
    settings.OB_SIGNING_KEY = base64.b64encode(seed).decode()
    expected = Ed25519PrivateKey.from_private_bytes(seed).public_key()

    assert dataintegrity.public_key_multibase(keys.signing_key().public_key()) == (
        dataintegrity.public_key_multibase(expected)
    )
    settings.OB_SIGNING_KEY = (
        keys.signing_key()
        .private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        .decode()
    )
    assert dataintegrity.public_key_multibase(keys.signing_key().public_key()) == (
        dataintegrity.public_key_multibase(expected)
    )


@pytest.mark.parametrize("value", ["not base64!", base64.b64encode(b"short").decode()])
def test_signing_key_setting_invalid_is_refused(settings, value):
    settings.OB_SIGNING_KEY = value

    with pytest.raises(ImproperlyConfigured):
        keys.signing_key()


def test_signing_key_missing_without_autogenerate_is_refused(settings):
    settings.OB_SIGNING_KEY = ""
    settings.OB_SIGNING_KEY_AUTOGENERATE = False

    with pytest.raises(ImproperlyConfigured, match="OB_SIGNING_KEY"):
        keys.signing_key()


def test_generated_dev_key_is_kept_under_private_root(settings):
    settings.OB_SIGNING_KEY = ""
    first = dataintegrity.public_key_multibase(keys.signing_key().public_key())
    path = Path(settings.PRIVATE_ROOT) / "openbadges" / "ed25519-signing-key.txt"

    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    keys._cached.cache_clear()
    assert dataintegrity.public_key_multibase(keys.signing_key().public_key()) == first
