"""Public verification, the holder's downloads, and the Open Badges issuer
documents (profile, key, status list) at stable URLs."""

import json

from django.contrib.auth.decorators import login_required
from django.db.models import Value
from django.db.models.functions import Replace
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django_ratelimit.core import is_ratelimited

from .models import Certificate, CertificateStatus
from .openbadges import credentials as ob

VERIFY_LIMIT_PER_MINUTE = 60
MAX_NUMBER_LENGTH = 20


def _rate_limited(request) -> bool:
    """Per client address (kaptraining.core.clientip, behind our proxies)."""
    return is_ratelimited(
        request,
        group="certificates:verify",
        key="ip",
        rate=f"{VERIFY_LIMIT_PER_MINUTE}/m",
        increment=True,
    )


def _find(number: str) -> Certificate | None:
    if len(number) > MAX_NUMBER_LENGTH:
        return None
    return (
        Certificate.objects.filter(number=number.strip().upper())
        .select_related("superseded_by", "program")
        .first()
    )


def verify(request, number):
    """Public: who holds it, what award, when, and its status. Nothing else."""
    if _rate_limited(request):
        return render(request, "certificates/rate_limited.html", status=429)
    certificate = _find(number)
    status = 200 if certificate else 404
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "number": number,
            "organisation": _organisation_name(),
        },
        status=status,
    )


def public_credential(request, number):
    """Public: the signed credential of a certificate, for anyone verifying it
    (it names what the verification page names; the e-mail is salted and hashed)."""
    if _rate_limited(request):
        return JsonResponse({"error": "rate_limited"}, status=429)
    certificate = _find(number)
    if certificate is None or certificate.credential is None:
        raise Http404
    return JsonResponse(certificate.credential, json_dumps_params={"indent": 2})


@cache_control(public=True, max_age=3600)
def ob_achievement(request, slug):
    """Public: the Achievement a credential names, at the URL it names it by."""
    certificate = (
        Certificate.objects.annotate(slug=Replace("award_key", Value(":"), Value("-")))
        .filter(slug=slug, credential__isnull=False)
        .order_by("-issued_at")
        .first()
    )
    if certificate is None:
        raise Http404
    achievement = certificate.credential.get("credentialSubject", {}).get("achievement")
    if not achievement:
        raise Http404
    return JsonResponse(
        {"@context": [ob.VC_V2, ob.OB_CONTEXT], **achievement},
        json_dumps_params={"indent": 2},
    )


def verify_lookup(request):
    """The verification form: a number typed in goes to its page."""
    number = (request.GET.get("number") or "").strip().upper()
    if "number" not in request.GET:
        return render(request, "certificates/lookup.html", {})
    if not number or len(number) > MAX_NUMBER_LENGTH:
        return render(
            request,
            "certificates/lookup.html",
            {
                "error": _(
                    "Enter a certificate number as printed, like KAP-ABCDE-23456."
                ),
                "number": number[:40],
            },
            status=400,
        )
    return verify(request, number)


def verify_api(request, number):
    """JSON status for prescribers and employers."""
    if _rate_limited(request):
        return JsonResponse(
            {"error": "rate_limited", "detail": _("Too many look-ups; wait a minute.")},
            status=429,
        )
    certificate = _find(number)
    if certificate is None:
        return JsonResponse(
            {"number": number[:MAX_NUMBER_LENGTH], "status": "not_found"}, status=404
        )
    return JsonResponse(
        {
            "number": certificate.number,
            "holder_name": certificate.holder_name,
            "award": certificate.award_title,
            "kind": certificate.kind,
            "issued_on": certificate.issued_at.date().isoformat(),
            "expires_on": certificate.expires_at.date().isoformat()
            if certificate.expires_at
            else None,
            "status": certificate.public_status,
            "superseded_by": certificate.superseded_by.number
            if certificate.superseded_by_id
            else None,
            "verification_url": certificate.verification_url,
        }
    )


def _own_certificate(request, number) -> Certificate:
    """The user's own certificate (staff: any); 404 for anyone else's."""
    certificate = get_object_or_404(Certificate, number=number)
    if certificate.trainee_id != request.user.pk and not request.user.is_staff:
        raise Http404
    return certificate


@login_required
def download_pdf(request, number):
    certificate = _own_certificate(request, number)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@login_required
def download_credential(request, number):
    """The signed Open Badges 3.0 credential, to add to a wallet."""
    certificate = _own_certificate(request, number)
    if certificate.credential is None:
        raise Http404
    response = HttpResponse(
        json.dumps(certificate.credential, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate.number}.credential.json"'
    )
    return response


def _organisation_name() -> str:
    from .services import _organisation

    return _organisation().name


@cache_control(public=True, max_age=3600)
def ob_issuer(request):
    """The issuer Profile, with the key that signs its credentials."""
    profile = {
        "@context": [ob.VC_V2, ob.OB_CONTEXT],
        **ob.issuer_profile(_organisation_name()),
        "verificationMethod": [_multikey()],
    }
    return JsonResponse(profile, json_dumps_params={"indent": 2})


def _multikey() -> dict:
    return {
        "id": ob.verification_method(),
        "type": "Multikey",
        "controller": ob.issuer_url(),
        "publicKeyMultibase": ob.public_key_multibase(),
    }


@cache_control(public=True, max_age=3600)
def ob_key(request):
    """The public key alone, as a Multikey document."""
    return JsonResponse(
        {"@context": "https://w3id.org/security/multikey/v1", **_multikey()},
        json_dumps_params={"indent": 2},
    )


def revoked_indexes() -> list[int]:
    return list(
        Certificate.objects.exclude(status=CertificateStatus.VALID).values_list(
            "pk", flat=True
        )
    )


def ob_status_list(request):
    """The signed revocation list: bit n is set once certificate n is not valid."""
    if _rate_limited(request):
        return JsonResponse({"error": "rate_limited"}, status=429)
    document = ob.build_status_list(
        revoked_indexes=revoked_indexes(), now=timezone.now()
    )
    return JsonResponse(document)
