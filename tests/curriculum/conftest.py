# Authoring tests use the same small program as the study tests.
from tests.study.conftest import _wagtail_root, enrolment, quiz  # noqa: F401
