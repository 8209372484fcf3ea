# The dashboard panels read practicums and mentorship: reuse their setting.
from tests.practicums.conftest import practicum  # noqa: F401
