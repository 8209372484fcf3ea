# Authoring tests use the same small program as the study tests.
from tests.study.conftest import (  # noqa: F401
    _wagtail_root,
    enrolment,
    quiz,
    trainer,
)
