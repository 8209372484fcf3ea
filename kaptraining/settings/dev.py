"""Local development and `make demo`: everything embedded, nothing to set up."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = (
    env("DJANGO_SECRET_KEY", default="")
    or "dev-only-insecure-key-do-not-use-in-production"
)
# The demo lets staff into the admin without an authenticator app; set
# KAP_REQUIRE_STAFF_MFA=1 to try the production behaviour locally.
KAP_REQUIRE_STAFF_MFA = env.bool("KAP_REQUIRE_STAFF_MFA", default=False)
# Sign Open Badges credentials with a key generated under PRIVATE_ROOT.
OB_SIGNING_KEY_AUTOGENERATE = env.bool("OB_SIGNING_KEY_AUTOGENERATE", default=True)
# `make demo` loads demo data (published password); see kaptraining.demo.
KAP_DEMO_ALLOWED = env.bool("KAP_DEMO_ALLOWED", default=True)
