"""WCAG 2.1 AA scans with axe-core, for the browser tests.

axe-core is pinned in tests/browser/a11y/package-lock.json and installed by
`make install` (npm ci); it is injected from disk, so a scan makes no network
call. The site's CSP forbids inline scripts, so scanned pages must come from a
browser context created with ``bypass_csp=True``.
"""

from pathlib import Path

AXE_DIR = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core"
AXE_JS = AXE_DIR / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_NODES = 3  # targets and HTML snippets listed per violation
MAX_HTML = 240

# axe leaves an ARIA reference to a missing id "incomplete" (the id might be
# in a shadow root); these pages have none, so it is a real failure here.
PROMOTED_INCOMPLETE = ["aria-valid-attr-value"]

_RUN = """async ([tags, disabled, promoted]) => {
  const rules = {};
  for (const id of disabled) rules[id] = {enabled: false};
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    rules,
  });
  const failed = result.violations.concat(
    result.incomplete.filter((v) => promoted.includes(v.id)));
  return {
    version: axe.version,
    url: result.url,
    passes: result.passes.length,
    violations: failed.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => [].concat(t).join(" >>> ")).join(" "),
        html: n.html,
        summary: n.failureSummary,
      })),
    })),
  };
}"""


def _load_axe(page) -> None:
    if not AXE_JS.exists():
        raise AssertionError(
            f"axe-core is not installed at {AXE_JS}. Run `make test` (or "
            "`npm ci --prefix tests/browser/a11y --ignore-scripts`)."
        )
    if page.evaluate("typeof window.axe") == "undefined":
        page.add_script_tag(path=str(AXE_JS))
    if page.evaluate("typeof window.axe") == "undefined":
        raise AssertionError(
            "axe-core did not load: the page's CSP blocked the injected script. "
            "Create the browser context with bypass_csp=True."
        )


def format_violations(violations: list[dict], *, url: str, context: str) -> str:
    where = f"{context} ({url})" if context else url
    lines = [f"{len(violations)} WCAG 2.1 AA violation(s) on {where}:"]
    for v in violations:
        lines.append(
            f"- {v['id']} [{v['impact']}] {v['help']} "
            f"({len(v['nodes'])} element(s); {v['helpUrl']})"
        )
        for node in v["nodes"][:MAX_NODES]:
            html = " ".join(node["html"].split())
            if len(html) > MAX_HTML:
                html = html[: MAX_HTML - 1] + "…"
            lines.append(f"    target: {node['target']}")
            lines.append(f"    html:   {html}")
            if node.get("summary"):
                first = node["summary"].splitlines()
                lines.append("    why:    " + " / ".join(s.strip() for s in first))
        if len(v["nodes"]) > MAX_NODES:
            lines.append(f"    … and {len(v['nodes']) - MAX_NODES} more")
    return "\n".join(lines)


def axe_scan(page, *, exclude_rules: dict[str, str] | None = None) -> dict:
    """Run axe-core on the page as it is now and return the (trimmed) result."""
    exclude_rules = exclude_rules or {}
    for rule, reason in exclude_rules.items():
        if not reason.strip():
            raise ValueError(f"Excluding axe rule {rule!r} needs a written reason.")
    _load_axe(page)
    result = page.evaluate(
        _RUN, [WCAG_21_AA, sorted(exclude_rules), PROMOTED_INCOMPLETE]
    )
    if result["version"] != AXE_VERSION:
        raise AssertionError(
            f"axe-core {result['version']} is loaded; the scans are pinned to "
            f"{AXE_VERSION}. Run `make install`."
        )
    # A scan that checked nothing (blank page, wrong document) proves nothing.
    if result["passes"] == 0:
        raise AssertionError(f"axe-core passed no rule at all on {result['url']}.")
    return result


def assert_accessible(
    page, *, context: str = "", exclude_rules: dict[str, str] | None = None
) -> None:
    """Fail, listing every violation, unless the page meets WCAG 2.1 AA as far
    as axe-core can tell. `exclude_rules` maps a rule id to the reason it does
    not apply to this one page; it is never used to silence a real failure."""
    result = axe_scan(page, exclude_rules=exclude_rules)
    if result["violations"]:
        raise AssertionError(
            format_violations(result["violations"], url=result["url"], context=context)
        )


def violation_ids(page) -> list[str]:
    """Rule ids that fail on the page (for tests of the scan itself)."""
    return [v["id"] for v in axe_scan(page)["violations"]]


__all__ = ["assert_accessible", "axe_scan", "format_violations", "violation_ids"]
