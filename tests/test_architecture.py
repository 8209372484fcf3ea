"""The layering holds (README, "Architecture"): `make lint` runs lint-imports
on the contracts in pyproject.toml; these tests show the contracts bite, and
check the two rules import-linter cannot see."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kaptraining", "cohorts")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _app(module: str) -> str | None:
    """The app a project module belongs to ("cohorts", "kaptraining.credits",
    "kaptraining.urls"...), or None outside the project."""
    parts = module.split(".")
    if parts[0] == "cohorts":
        return "cohorts"
    if parts[0] == "kaptraining" and len(parts) > 1:
        return ".".join(parts[:2])
    return None


def _source_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                yield path, ".".join(parts[:-1]), True
            else:
                yield path, ".".join(parts), False


def _imported(node, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        return [".".join([*base, node.module] if node.module else base)]
    return [node.module or ""]


def test_no_project_import_from_another_app_inside_a_function():
    """Imports inside functions hid the old import circle; an app's imports of
    other apps sit at the top of the module, where import-linter sees them."""
    found = []
    for path, module, is_package in _source_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                for target in _imported(node, module, is_package):
                    if _app(target) not in (None, _app(module)):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {target}")
    assert not found, "Move these imports to the top of the module:\n" + "\n".join(
        found
    )


def test_no_import_cycle_spans_two_apps():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    apps = sorted({_app(m) for m in graph.modules} - {None})
    cycles = [
        (a, b)
        for i, a in enumerate(apps)
        for b in apps[i + 1 :]
        if graph.chain_exists(a, b, as_packages=True)
        and graph.chain_exists(b, a, as_packages=True)
    ]
    assert not cycles


@pytest.fixture
def source_copy(tmp_path):
    """The project's source and import-linter contracts, outside the worktree."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_upward_import_breaks_the_layers_contract(source_copy):
    clean = _lint_imports(source_copy)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    # The import the old code had: credits reaching up into certificates.
    (source_copy / "kaptraining" / "credits" / "probe.py").write_text(
        "from kaptraining.certificates.tasks import certificate_issue_if_eligible\n"
    )
    broken = _lint_imports(source_copy)

    assert broken.returncode != 0
    report = " ".join(broken.stdout.split())
    assert "Apps depend only on the layers below them BROKEN" in report
    assert (
        "kaptraining.credits is not allowed to import kaptraining.certificates"
        in report
    )
    assert "kaptraining.credits.probe -> kaptraining.certificates.tasks" in report


def test_a_sideways_import_breaks_feature_independence(source_copy):
    (source_copy / "kaptraining" / "mentorship" / "probe.py").write_text(
        "from kaptraining.practicums.models import Placement\n"
    )
    broken = _lint_imports(source_copy)

    assert broken.returncode != 0
    report = " ".join(broken.stdout.split())
    assert "Feature apps are independent of one another BROKEN" in report
