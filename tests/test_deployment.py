"""The Docker image and the compose stack (issue 14, finding 8). Docker
cannot run here, so what can be checked is: the build's collectstatic line
works under production settings with only what the Dockerfile gives it; the
compose file brings up every service with health checks, runs migrations
once before the app, serves media from the volume the app writes, keeps
private files out of the web server's reach, and gives the production
settings every variable they require (`check --deploy` passes with exactly
the compose environment)."""

import base64
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
APP_SERVICES = ["migrate", "web", "worker", "beat"]


def _dockerfile():
    """The image's ENV, and the steps (split on &&) of the RUN instruction
    that collects static files, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text()
    env = {}
    for block in re.findall(r"^ENV (.+?)(?<!\\)$", text, re.M | re.S):
        for pair in shlex.split(block.replace("\\\n", " ")):
            key, _sep, value = pair.partition("=")
            env[key] = value
    run = re.search(
        r"^RUN ((?:[^\n]*\\\n)*[^\n]*manage\.py collectstatic(?:[^\n]*\\\n)*[^\n]*)$",
        text,
        re.M,
    ).group(1)
    steps = [step.strip() for step in run.replace("\\\n", " ").split("&&")]
    return env, steps


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".env", ".venv/", "var/", ".git/", "node_modules/", "db.sqlite3"):
        assert entry in ignored, entry


def test_dockerfile_collectstatic_needs_no_production_secret(tmp_path):
    """Every build step of the static-files RUN (collectstatic, then the
    Spanish catalogue's compile_translations, issue 21) runs under production
    settings with only what the Dockerfile gives it."""
    image_env, steps = _dockerfile()
    commands = []
    for step in steps:
        words = shlex.split(step)
        inline = {}
        while "=" in words[0]:
            key, _sep, value = words.pop(0).partition("=")
            inline[key] = value
        assert "OB_SIGNING_KEY" not in inline
        assert words[:2] == ["python", "manage.py"], step
        commands.append((words, inline))
    assert [words[2] for words, _inline in commands] == [
        "collectstatic",
        "compile_translations",
    ]
    for words, inline in commands:
        env = {
            **image_env,
            **inline,
            # the image's paths, moved into the test's own folder
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_ROOT": str(tmp_path / "private"),
            "PATH": "/usr/bin:/bin",
        }
        assert env["DJANGO_SETTINGS_MODULE"] == "kaptraining.settings.production"
        result = subprocess.run(
            [sys.executable, *words[1:]],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, (words[2], result.stderr[-3000:])
    assert (tmp_path / "static" / "css" / "site.css").exists()
    assert (ROOT / "locale" / "es" / "LC_MESSAGES" / "django.mo").exists()


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_every_service_with_health_checks(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat", "nginx"}
    for name in ("db", "redis", "web", "worker", "nginx"):
        assert services[name]["healthcheck"]["test"], name
    assert services["migrate"]["command"] == [
        "python",
        "manage.py",
        "migrate",
        "--noinput",
    ]
    for name in ("web", "worker", "beat"):
        after = services[name]["depends_on"]
        assert after["migrate"] == {"condition": "service_completed_successfully"}
        assert after["db"] == {"condition": "service_healthy"}
    assert services["nginx"]["depends_on"]["web"] == {"condition": "service_healthy"}
    assert set(compose["volumes"]) >= {"pgdata", "media", "private"}


def test_compose_serves_media_from_the_apps_volume_and_hides_private_files(compose):
    services = compose["services"]
    web_env = services["web"]["environment"]
    assert "media:" + web_env["MEDIA_ROOT"] in services["web"]["volumes"]
    assert "private:" + web_env["PRIVATE_ROOT"] in services["web"]["volumes"]
    nginx_volumes = services["nginx"]["volumes"]
    assert "media:/srv/media:ro" in nginx_volumes
    assert not any(v.startswith("private:") for v in nginx_volumes)
    # Audio and video: a volume of their own, read only by an internal location.
    assert "av:/srv/av:ro" in nginx_volumes
    assert "av:" + web_env["PRIVATE_ROOT"] + "/av" in services["web"]["volumes"]
    conf = (ROOT / "docker" / "nginx.conf").read_text()
    assert re.search(r"location /media/ \{\s*alias /srv/media/;", conf)
    # Wagtail documents go through Django (collection privacy), not nginx.
    assert re.search(r"location /media/documents/ \{\s*return 404;", conf)
    assert "proxy_pass http://web:8000;" in conf
    assert re.search(r"location /_private/av/ \{\s*internal;\s*alias /srv/av/;", conf)
    assert "$proxy_add_x_forwarded_for" in conf


def _resolve(value: str, given: dict) -> str:
    def one(match):
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if op == ":?":
            assert name in given, f"compose requires {name}; the test must give it"
            return given[name]
        return given.get(name, arg if op == ":-" else "")

    return re.sub(r"\$\{(\w+)(:[?-])?([^}]*)\}", one, str(value))


REQUIRED_FROM_ENV_FILE = {
    "DJANGO_SECRET_KEY": "x" * 64 + "-compose-secret-for-the-check",
    "DJANGO_ALLOWED_HOSTS": "training.example.org",
    "SITE_URL": "https://training.example.org",
    "OB_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
    "STRIPE_SECRET_KEY": "sk_live_example",
    "STRIPE_WEBHOOK_SECRET": "whsec_example",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "training@example.org",
}


def test_compose_requires_exactly_what_env_example_lists(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    required = set(re.findall(r"\$\{(\w+):\?", text))
    assert required == set(REQUIRED_FROM_ENV_FILE)
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    for name in required:
        # listed, uncommented, under a comment that says it is required
        assert re.search(rf"^# required.*\n{name}=", example, re.M), name
        assert f"`{name}`" in readme, name


def test_compose_environment_passes_check_deploy(compose):
    """Production settings with exactly the compose environment (the values
    .env must give filled in) pass `check --deploy`: nothing required is
    missing, nothing unsafe is left at its default."""
    environments = [compose["services"][s]["environment"] for s in APP_SERVICES]
    assert all(e == environments[0] for e in environments)
    env = {k: _resolve(v, REQUIRED_FROM_ENV_FILE) for k, v in environments[0].items()}
    # The mounted folder's place in the container, and the image's PATH.
    env["OPENBADGES_DATA_DIR"] = str(ROOT.parent / "shared" / "data" / "openbadges-3.0")
    env["PATH"] = "/usr/bin:/bin"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
