"""The Open Badges contexts must be present for credentials to be signed."""

from django.core import checks

from kaptraining.certificates.checks import openbadges_contexts_present


def test_contexts_present_passes_the_check():
    assert openbadges_contexts_present() == []


def test_missing_contexts_fail_the_check_outside_debug(settings, tmp_path):
    settings.OPENBADGES_DATA_DIR = tmp_path
    (tmp_path / "contexts").mkdir()
    (tmp_path / "contexts" / "credentials-v2.jsonld").write_text("{}")
    settings.DEBUG = False

    (problem,) = openbadges_contexts_present()

    assert problem.level == checks.ERROR
    assert problem.id == "certificates.E001"
    assert "data-integrity-v1.jsonld" in problem.msg
    assert "credentials-v2.jsonld" not in problem.msg


def test_missing_contexts_only_warn_in_development(settings, tmp_path):
    settings.OPENBADGES_DATA_DIR = tmp_path
    settings.DEBUG = True

    (problem,) = openbadges_contexts_present()

    assert problem.level == checks.WARNING
    assert problem.id == "certificates.W001"
