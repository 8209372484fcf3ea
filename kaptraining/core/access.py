"""What each route allows: the one declaration every URL must have.

The project's route table (settings.KAP_ROUTES, kaptraining/routes.py) gives
each URL name, or each prefix of a third-party include, an `Access`:

- PUBLIC: anyone, signed in or not (the view may still check a token).
- ACCOUNT: sign-in, sign-up, e-mail and MFA set-up pages, reachable before
  the e-mail is verified or MFA is set up.
- MEMBER: a signed-in person with a verified e-mail, acting on their own
  records (the view checks the object).
- privileged(*roles): a route that gives staff, trainer, mentor or
  supervisor power. A verified e-mail, and a session that passed MFA when the
  person's role needs it (kaptraining.accounts.privilege). With roles, anyone
  holding none of them is answered 404; without, the view decides per object
  (pages a trainee and their trainer both open).

`max_body` caps the request body a route accepts (bytes); unset, the route
takes settings.KAP_MAX_REQUEST_BYTES.

kaptraining.accounts.middleware.AccessMiddleware enforces the table; a system
check here and tests/test_route_access.py walk the URL resolver and refuse any
route the table does not declare, so a new route cannot be forgotten.
"""

from dataclasses import dataclass, field, replace
from functools import cache
from importlib import import_module

from django.conf import settings
from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_KIND, ACCOUNT_KIND, MEMBER_KIND, PRIVILEGED_KIND = (
    "public",
    "account",
    "member",
    "privileged",
)
MB = 1024 * 1024


@dataclass(frozen=True)
class Access:
    kind: str
    roles: frozenset[str] = field(default_factory=frozenset)
    max_body: int | None = None
    # Answer to someone signed in without the role: 404 hides that the page
    # exists; 302 sends them to their dashboard with a message, where the
    # address is no secret (the admin areas).
    deny_status: int = 404

    @property
    def signed_in(self) -> bool:
        return self.kind in (MEMBER_KIND, PRIVILEGED_KIND)

    @property
    def privileged(self) -> bool:
        return self.kind == PRIVILEGED_KIND

    def uploads(self, max_body: int) -> "Access":
        """The same access, taking request bodies up to max_body bytes."""
        return replace(self, max_body=max_body)

    def sends_away(self) -> "Access":
        """The same access, answering those without the role with a 403 page
        that says what they can do instead (the admin areas: a signed-in
        person who types /admin/ deserves an explanation, not a 404 nor a
        redirect that could loop through the sign-in page)."""
        return replace(self, deny_status=403)


PUBLIC = Access(PUBLIC_KIND)
ACCOUNT = Access(ACCOUNT_KIND)
MEMBER = Access(MEMBER_KIND)


def privileged(*roles: str) -> Access:
    return Access(PRIVILEGED_KIND, frozenset(roles))


@dataclass(frozen=True)
class RouteTable:
    by_name: dict[str, Access]
    by_prefix: tuple[tuple[str, Access], ...]  # longest prefix first


@cache
def route_table() -> RouteTable:
    module = import_module(settings.KAP_ROUTES)
    return RouteTable(
        by_name=dict(module.ROUTES),
        by_prefix=tuple(sorted(module.PREFIXES.items(), key=lambda kv: -len(kv[0]))),
    )


def access_for(view_name: str | None, route: str) -> Access | None:
    """The declared access of a resolved route (None: undeclared)."""
    table = route_table()
    if view_name and view_name in table.by_name:
        return table.by_name[view_name]
    # The Spanish site's routes start with "es/" (i18n_patterns in urls.py):
    # a third-party include keeps the access of its unprefixed start.
    language, _sep, rest = route.partition("/")
    if rest and language in {code for code, _name in settings.LANGUAGES}:
        route = rest
    for prefix, access in table.by_prefix:
        if route.startswith(prefix):
            return access
    return None


def access_for_match(match) -> Access | None:
    return access_for(match.view_name, match.route)


def iter_routes(resolver=None, prefix="", namespace=None):
    """Every URL pattern: (route string, view name or None, pattern)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from iter_routes(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (
                f"{namespace}:{pattern.name}" if namespace else pattern.name
            )
            yield prefix + str(pattern.pattern), name, pattern


def undeclared_routes() -> list[str]:
    return [
        f"{route} ({name or 'unnamed'})"
        for route, name, _pattern in iter_routes()
        if access_for(name, route) is None
    ]


@checks.register(checks.Tags.urls)
def every_route_declared(app_configs=None, **kwargs):
    missing = undeclared_routes()
    if not missing:
        return []
    return [
        checks.Error(
            f"{len(missing)} URL(s) have no access declaration: "
            + ", ".join(missing[:20]),
            hint="Declare each in kaptraining/routes.py (ROUTES by URL name, or "
            "PREFIXES for a third-party include): public, account, member or "
            "privileged(roles). Undeclared routes answer 404.",
            id="kaptraining.E020",
        )
    ]
