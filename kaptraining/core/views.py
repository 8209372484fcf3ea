from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse


def healthz(request):
    """Liveness for load balancers and docker-compose: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def hello(request):
    """The benchmark's baseline (tests/bench/bench_pages.py): answers through
    every middleware and loads the visitor's session and account, as any page
    does, then does nothing. Off (404) unless KAP_BENCH_HELLO is set."""
    if not settings.KAP_BENCH_HELLO:
        raise Http404
    signed_in = request.user.is_authenticated
    return HttpResponse(
        b"hello, member\n" if signed_in else b"hello\n", content_type="text/plain"
    )
