"""Pages under load (issue 19): req/s and p95 of the key pages beside a hello
view measured in the same run, then a bounded 200-client load run.

    python -m tests.bench.bench_pages          # or: make bench BENCH=pages

Serves the demo data (loaded into DATABASE_URL, which must be PostgreSQL,
on first run) with gunicorn on loopback under the production settings
(DEBUG off, Redis cache, pooled connections, docker/gunicorn.conf.py), and
drives it with an asyncio + aiohttp client from this process. The client
shares the cores with the server, so figures are ratios against the hello
view (`/__hello/`: every middleware, nothing else), never absolutes.

Environment (all optional):
  BENCH_PORT (8106)            gunicorn's loopback port
  BENCH_SECONDS (5)            per page, BENCH_CONCURRENCY (16) connections
  BENCH_LOAD_CLIENTS (200)     the load run's clients, for BENCH_LOAD_SECONDS
  BENCH_LOAD_SECONDS (60)      (0 skips it); each request times out after
  BENCH_TIMEOUT (10) seconds
  WEB_WORKERS, WEB_THREADS     gunicorn (docker/gunicorn.conf.py: 3 x 8;
  WEB_WORKER_CLASS             sync for the figures before issue 19)
  KAP_ANON_CACHE, DB_POOL      0 to measure without the page cache / pool
"""

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "bench-only-secret-key-not-for-production"  # noqa: S105
PORT = int(os.environ.get("BENCH_PORT", "8106"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
LOAD_CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "200"))
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "10"))
BASE = f"http://127.0.0.1:{PORT}"


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaptraining.settings.dev")
    os.environ["DJANGO_SECRET_KEY"] = SECRET
    # The demo replays a year through the services: tasks run in-process.
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.setdefault("SITE_URL", BASE)
    import django

    django.setup()


def _load_demo() -> None:
    from django.core.management import call_command

    from kaptraining.accounts.models import User

    call_command("migrate", verbosity=0, interactive=False)
    if not User.objects.filter(email="casey@demo.kaptraining.org").exists():
        print("Loading the demo data (once; a few minutes)...", flush=True)
        call_command("load_demo", verbosity=0)


def _session_cookie(email: str) -> str:
    """A signed-in session as allauth leaves it (verified e-mail, and TOTP
    for staff and trainers), stored where the server reads sessions."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from kaptraining.accounts.models import User
    from kaptraining.accounts.privilege import VERIFIED_EMAIL_SESSION_KEY

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[VERIFIED_EMAIL_SESSION_KEY] = user.email
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _pages() -> tuple[list, list, dict]:
    """(anonymous pages, signed-in pages, sessions) as (label, path, cookie)."""
    from django.urls import reverse

    from cohorts.models import Enrolment
    from kaptraining.certificates.models import Certificate
    from kaptraining.curriculum.models import CoursePage, LessonPage, ProgramPage
    from kaptraining.directory.models import DirectoryPage, Listing

    casey = _session_cookie("casey@demo.kaptraining.org")
    emery = _session_cookie("emery@demo.kaptraining.org")
    trainer = _session_cookie("trainer@demo.kaptraining.org")
    program = ProgramPage.objects.live().first()
    course = CoursePage.objects.live().first()
    lesson = LessonPage.objects.live().first()
    directory = DirectoryPage.objects.live().first()
    listing = Listing.objects.published().order_by("pk").first()
    certificate = (
        Certificate.objects.filter(trainee__email="emery@demo.kaptraining.org")
        .order_by("pk")
        .first()
    )
    cohort = (
        Enrolment.objects.filter(trainee__email="casey@demo.kaptraining.org")
        .select_related("cohort")
        .first()
        .cohort
    )
    search = f"{directory.url}?zip=80302&radius=50"
    anonymous = [
        ("hello", "/__hello/", ""),
        ("home", "/", ""),
        ("program page", program.url, ""),
        ("course page", course.url, ""),
        ("directory search, ZIP + 50 mi", search, ""),
        ("listing", reverse("directory:detail", args=[listing.pk]), ""),
        (
            "certificate verification",
            reverse("certificates:verify", args=[certificate.number]),
            "",
        ),
    ]
    signed_in = [
        ("hello (signed in)", "/__hello/", casey),
        ("trainee dashboard", reverse("dashboard"), casey),
        ("practitioner home", reverse("dashboard"), emery),
        ("program page (trainee)", program.url, casey),
        ("course outline", course.url, casey),
        ("lesson page", lesson.url, casey),
        ("transcript", reverse("credits:transcript"), casey),
        ("trainer roster", reverse("cohorts:manage", args=[cohort.pk]), trainer),
        ("trainer dashboard", reverse("dashboard"), trainer),
    ]
    trainees = [
        _session_cookie(e.trainee.email)
        for e in cohort.enrolments.select_related("trainee")[:20]
    ]
    return anonymous, signed_in, {"search": search, "trainees": trainees or [casey]}


def _query_counts(pages) -> dict[str, int]:
    """Queries per page, rendered in this process (cache off: the uncached
    render, which is what a cache miss or a signed-in page costs)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    with override_settings(KAP_ANON_CACHE=False, KAP_BENCH_HELLO=True):
        for label, path, cookie in pages:
            client = Client(HTTP_HOST="127.0.0.1")
            if cookie:
                name, value = cookie.split("=", 1)
                client.cookies[name] = value
            client.get(path)  # warm the process (first-use caches)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            counts[label] = len(queries)
    return counts


def _start_server() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kaptraining.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": BASE,
        "SECURE_SSL_REDIRECT": "0",
        "KAP_TRUSTED_PROXY_COUNT": "0",
        "PAYMENTS_BACKEND": "offline",
        "CACHE_URL": os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", ""),
        "KAP_BENCH_HELLO": "1",
        "WEB_BIND": f"127.0.0.1:{PORT}",
        "WEB_ACCESS_LOG": "",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    server = subprocess.Popen(  # noqa: S603 - our gunicorn, our config
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kaptraining.wsgi:application",
            "--config",
            str(ROOT / "docker" / "gunicorn.conf.py"),
        ],
        cwd=ROOT,
        env=env,
    )
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{BASE}/__hello/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


async def _drive(session, targets, seconds, clients, timeout):
    """Closed loop: `clients` workers each request one target after another
    until `seconds` pass. Returns latencies (s) of 200s, errors, timeouts."""
    import aiohttp

    latencies: list[float] = []
    errors = timeouts = 0
    deadline = time.perf_counter() + seconds
    statuses: dict[int, int] = {}

    async def worker(n):
        nonlocal errors, timeouts
        i = n
        while time.perf_counter() < deadline:
            path, cookie = targets[i % len(targets)]
            i += 1
            headers = {"Cookie": cookie} if cookie else {}
            started = time.perf_counter()
            try:
                async with session.get(
                    BASE + path,
                    headers=headers,
                    allow_redirects=False,
                    timeout=aiohttp.ClientTimeout(total=timeout),
                ) as response:
                    await response.read()
                    if response.status == 200:
                        latencies.append(time.perf_counter() - started)
                    else:
                        statuses[response.status] = statuses.get(response.status, 0) + 1
                        errors += 1
            except TimeoutError:
                timeouts += 1
            except aiohttp.ClientError:
                errors += 1

    await asyncio.gather(*(worker(n) for n in range(clients)))
    return latencies, errors, timeouts, statuses


def _p95(latencies: list[float]) -> float:
    if len(latencies) < 2:
        return latencies[0] if latencies else float("nan")
    return statistics.quantiles(latencies, n=20)[-1]


async def _measure(pages) -> dict[str, tuple[float, float, int, dict]]:
    import aiohttp

    results = {}
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        for label, path, cookie in pages:
            # Warm: first renders, the page cache, the pool.
            await _drive(session, [(path, cookie)], 1.0, 4, 60)
            started = time.perf_counter()
            latencies, errors, timeouts, statuses = await _drive(
                session, [(path, cookie)], SECONDS, CONCURRENCY, TIMEOUT
            )
            elapsed = time.perf_counter() - started
            results[label] = (
                len(latencies) / elapsed,
                _p95(latencies),
                errors + timeouts,
                statuses,
            )
    return results


async def _load_run(search: str, trainees: list[str]) -> None:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        half = LOAD_CLIENTS // 2
        searches = [(search, "")]
        dashboards = [("/dashboard/", cookie) for cookie in trainees]
        started = time.perf_counter()
        (s_lat, s_err, s_to, s_st), (d_lat, d_err, d_to, d_st) = await asyncio.gather(
            _drive(session, searches, LOAD_SECONDS, half, TIMEOUT),
            _drive(session, dashboards, LOAD_SECONDS, LOAD_CLIENTS - half, TIMEOUT),
        )
        elapsed = time.perf_counter() - started
    print(
        f"\nLoad run: {LOAD_CLIENTS} clients for {LOAD_SECONDS:.0f} s "
        f"({half} on the directory search, {LOAD_CLIENTS - half} on trainee "
        f"dashboards of {len(trainees)} trainees), timeout {TIMEOUT:.0f} s"
    )
    print(
        f"{'page':<22} {'completed':>9} {'req/s':>7} {'p95 ms':>8} "
        f"{'errors':>7} {'timeouts':>8}"
    )
    for label, lat, err, to, st in (
        ("directory search", s_lat, s_err, s_to, s_st),
        ("trainee dashboard", d_lat, d_err, d_to, d_st),
    ):
        print(
            f"{label:<22} {len(lat):>9} {len(lat) / elapsed:>7.1f} "
            f"{_p95(lat) * 1000:>8.0f} {err:>7} {to:>8}"
            + (f"  statuses {st}" if st else "")
        )


def _table(title, results, counts, hello_label, goal_ratio, goal_p95):
    rate0, p95_0 = results[hello_label][:2]
    print(f"\n{title} (× {hello_label}: {rate0:.0f} req/s, p95 {p95_0 * 1000:.1f} ms)")
    print(
        f"{'page':<32} {'req/s':>7} {'× hello':>8} {'p95 ms':>8} "
        f"{'p95 ×':>6} {'queries':>7} {'errors':>6}  goal"
    )
    for label, (rate, p95, errors, statuses) in results.items():
        ratio = rate / rate0 if rate0 else 0
        p95_ratio = p95 / p95_0 if p95_0 else 0
        met = ratio >= goal_ratio and p95_ratio <= goal_p95 and not errors
        print(
            f"{label:<32} {rate:>7.1f} {ratio:>8.3f} {p95 * 1000:>8.1f} "
            f"{p95_ratio:>6.1f} {counts.get(label, 0):>7} {errors:>6}  "
            + ("" if label == hello_label else ("met" if met else "missed"))
            + (f" {statuses}" if statuses else "")
        )


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        print("bench_pages needs DATABASE_URL on PostgreSQL (and REDIS_URL); skipped.")
        return 0
    _setup_django()
    _load_demo()
    anonymous, signed_in, load = _pages()
    counts = _query_counts(anonymous + signed_in)
    from django.db import connections

    connections.close_all()
    print(
        f"gunicorn gthread {os.environ.get('WEB_WORKERS', '3')} workers x "
        f"{os.environ.get('WEB_THREADS', '8')} threads on {os.cpu_count()} cores, "
        f"page cache {'off' if os.environ.get('KAP_ANON_CACHE') == '0' else 'on'}, "
        f"DB pool {'off' if os.environ.get('DB_POOL') == '0' else 'on'}; "
        f"{CONCURRENCY} connections, {SECONDS:.0f} s per page; the client shares "
        "the cores (figures are ratios)",
        flush=True,
    )
    server = _start_server()
    try:
        # hello first and again at the end; the better of the two is the
        # baseline (the cores are shared, so a single reading is noisy).
        results = asyncio.run(_measure(anonymous + signed_in))
        again = asyncio.run(_measure([anonymous[0]]))["hello"]
        if again[0] > results["hello"][0]:
            results["hello"] = again
        anon = {label: results[label] for label, _, _ in anonymous}
        member = {"hello": results["hello"]}
        member.update({label: results[label] for label, _, _ in signed_in})
        _table(
            "Anonymous pages (goal ≥ 0.25 × hello, p95 ≤ 5 ×)",
            anon,
            counts,
            "hello",
            0.25,
            5,
        )
        _table(
            "Signed-in pages (goal ≥ 0.10 × the anonymous hello, p95 ≤ 10 ×)",
            member,
            counts,
            "hello",
            0.10,
            10,
        )
        if LOAD_SECONDS > 0:
            asyncio.run(_load_run(load["search"], load["trainees"]))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    broken = [label for label, r in results.items() if r[0] == 0]
    if broken:
        print(f"\nNo successful answer from: {', '.join(broken)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
