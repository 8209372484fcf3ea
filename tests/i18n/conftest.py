def pytest_configure(config):
    """Compile the catalogue before any test activates Spanish (Django caches
    a language's catalogue for the life of the process)."""
    from kaptraining.core.management.commands.compile_translations import (
        compile_catalogues,
    )

    compile_catalogues(only_if_stale=True)
