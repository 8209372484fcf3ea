"""Walking the URL resolver for tests: every route, with a concrete path."""

import re
import uuid

from django.urls import Resolver404, resolve

from kaptraining.core.access import access_for, iter_routes

CONVERTER_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": str(uuid.UUID(int=1)),
}
GROUP_CANDIDATES = ["1", "x", "a-b", "abc-def", "live", "latest", "1-x", ""]


def _fill_group(match) -> str:
    body = match.group(2)
    for candidate in [*GROUP_CANDIDATES, *body.split("|")]:
        try:
            if re.fullmatch(body, candidate):
                return candidate
        except re.error:
            break
    return "x"


def sample_path(route: str) -> str:
    """A concrete path for a route string (converters and regex groups filled)."""
    path = re.sub(
        r"<(?:(\w+):)?\w+>",
        lambda m: CONVERTER_SAMPLES.get(m.group(1) or "str", "x"),
        route,
    )
    path = path.replace("^", "").replace("$", "")
    group = r"\((\?P<\w+>|\?:)?((?:[^()]|\([^()]*\))*)\)[*+?]?"
    while re.search(group, path):
        path = re.sub(group, _fill_group, path, count=1)
    path = path.replace(".*", "x").replace(".+", "x").replace("\\", "")
    return "/" + path


def routes():
    """(route string, view name, concrete path, the access its path resolves to).
    A route shadowed by an earlier one is judged by the route that answers."""
    found = []
    for route, name, _pattern in iter_routes():
        path = sample_path(route)
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        access = access_for(match.view_name, match.route) if match else None
        found.append((route, name, path, access, match))
    return found
