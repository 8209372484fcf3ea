def pytest_configure(config):
    """Compile the catalogue before any test activates Spanish (Django caches
    a language's catalogue for the life of the process)."""
    from kaptraining.core.management.commands.compile_translations import (
        compile_catalogues,
    )

    compile_catalogues(only_if_stale=True)


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request to /es/ leaves Spanish active in the thread (Django restores
    nothing after the response), so reverse() in the next test would add /es/.
    Start and end every test in the default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
