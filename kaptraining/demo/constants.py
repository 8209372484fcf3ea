"""The demo's published facts (README): its domain and its one password."""

DEMO_DOMAIN = "demo.kaptraining.org"
DEMO_PASSWORD = "kap-demo-2026"  # noqa: S105 - published demo password
