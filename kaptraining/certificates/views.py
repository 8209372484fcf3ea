from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from kaptraining.core.ratelimit import client_ip, hit

from .models import Certificate


def _rate_limited(request) -> bool:
    return not hit(f"verify:{client_ip(request)}", limit=60, window_seconds=60)


def verify(request, number):
    """Public: who holds it, what award, when, and its status. Nothing else."""
    if _rate_limited(request):
        return render(request, "certificates/rate_limited.html", status=429)
    certificate = Certificate.objects.filter(number=number.upper()).select_related("program").first()
    status = 200 if certificate else 404
    return render(request, "certificates/verify.html", {"certificate": certificate, "number": number}, status=status)


def verify_lookup(request):
    """The verification form: a number typed in goes to its page."""
    number = (request.GET.get("number") or "").strip().upper()
    if not number:
        return render(request, "certificates/lookup.html", {})
    if len(number) > 20:
        return render(
            request,
            "certificates/lookup.html",
            {"error": _("Certificate numbers look like KAP-ABCDE-23456.")},
            status=400,
        )
    return verify(request, number)


def verify_api(request, number):
    """JSON status for prescribers and employers."""
    if _rate_limited(request):
        return JsonResponse({"error": "rate_limited"}, status=429)
    certificate = Certificate.objects.filter(number=number.upper()).first()
    if certificate is None:
        return JsonResponse({"number": number, "status": "not_found"}, status=404)
    return JsonResponse(
        {
            "number": certificate.number,
            "holder_name": certificate.holder_name,
            "award": certificate.award_title,
            "issued_on": certificate.issued_at.date().isoformat(),
            "expires_on": certificate.expires_at.date().isoformat() if certificate.expires_at else None,
            "status": certificate.public_status,
        }
    )


@login_required
def download_pdf(request, number):
    certificate = get_object_or_404(Certificate, number=number)
    if certificate.trainee_id != request.user.pk and not request.user.is_staff:
        raise Http404
    if not certificate.pdf:
        raise Http404
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True, filename=f"{certificate.number}.pdf", content_type="application/pdf")
