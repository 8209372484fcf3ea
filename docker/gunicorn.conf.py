"""gunicorn for the compose stack and the page benchmark (issue 19).

Threaded workers: a page mostly waits on PostgreSQL and Redis, so threads
keep the cores busy where sync workers would sit idle, and keep-alive
connections from nginx are reused. Each worker process holds a psycopg pool
of DB_POOL_MAX_SIZE connections (kaptraining/settings/base.py): give it at
least WEB_THREADS. Defaults fit a 2-core machine: 3 workers x 8 threads, 24
requests in flight, at most 24 database connections. Measured with
tests/bench/bench_pages.py's 200-client load run (issue 19): 2 x 4 kept 8
requests in flight while 200 waited, and a signed-in page spends most of its
time waiting on PostgreSQL and Redis round trips, so the queue grew past the
10 s timeout (418 timeouts in 60 s); 2 x 8 and 3 x 8 overlap those waits (a
third process also keeps a core busy while another holds the GIL): 0
timeouts in a full run on the shared machine (figures in the README).
"""

import os

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("WEB_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_WORKERS", "3"))
threads = int(os.environ.get("WEB_THREADS", "8"))
# Requests wait in the listen queue under bursts rather than being refused.
backlog = int(os.environ.get("WEB_BACKLOG", "2048"))
keepalive = int(os.environ.get("WEB_KEEPALIVE", "5"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then (memory held by large renders goes back).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None

# Load the application once in the master and fork it: workers start warm
# and share the read-only tables built at first use. The directory's ZIP
# table (every US ZIP code, indexed) took seconds per worker to build, which
# the first directory searches after a restart waited for.
preload_app = True


def when_ready(server):
    from django.db import connections

    from kaptraining.directory.geo import zip_point

    zip_point("10001")  # builds the table before the fork
    connections.close_all()  # never share a connection across processes
