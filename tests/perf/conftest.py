"""Fixtures for the performance tests: the anonymous page cache switched on."""

import pytest


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on (the suite keeps it off; see settings.test)."""
    settings.KAP_ANON_CACHE = True
    settings.KAP_ANON_CACHE_SECONDS = 300
    settings.KAP_ANON_CACHE_QUERY_SECONDS = 60
    return settings
