"""The Content-Security-Policy every page carries (theme/main.html puts it in a `<meta http-equiv>`): script only from
the site itself and the few inline scripts the engine's theme needs, by hash; no inline handler, no `javascript:`
URL, nothing loaded from another server.

The hashes are computed at build time from the templates of the engines installed (Material for MkDocs, Zensical),
so an upgrade that changes one of their inline scripts changes the policy with it.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

ENGINE_PACKAGES = ("material", "zensical")
"""Packages whose `templates/partials/javascripts/` hold the inline scripts of every page."""
DEPTHS = 6
"""Pages are at most this many folders deep (the scope script names the way back to the site's root)."""

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",           # + the inline scripts' hashes
    "style-src": "'self' 'unsafe-inline'",  # Material sets style attributes in its markup; styles cannot run script
    "img-src": "'self' data:",        # Material's icons are data: URLs in its stylesheets
    "font-src": "'self' data:",
    "media-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
"""Everything from the site's own origin only (the course works offline)."""


def content_security_policy(features: Sequence[str], site_url: str | None = None) -> str:
    """The policy for every page of a site whose theme has `features` (mkdocs.yml `theme.features`)."""
    hashes = inline_script_hashes(tuple(features), urlsplit(site_url or "").path or "/")
    directives = dict(DIRECTIVES)
    directives["script-src"] += "".join(f" '{h}'" for h in hashes)
    return "; ".join(f"{name} {value}" for name, value in directives.items())


@cache
def inline_script_hashes(features: tuple[str, ...], root_path: str = "/") -> list[str]:
    """'sha256-…' of every inline script the installed engines' themes can put in a page, for every page depth."""
    bases = [".", *("/".join([".."] * n) for n in range(1, DEPTHS + 1)), root_path]
    hashes: set[str] = set()
    for folder in _script_partials():
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), undefined=jinja2.ChainableUndefined)
        for name in env.list_templates(extensions=["html"]):
            template = env.get_template(name)
            for base in bases:
                config = {"extra": {}, "theme": {"features": list(features)}}
                html = template.render(config=config, base_url=base, features=list(features))
                hashes |= {_sha256(script) for script in re.findall(r"<script>(.*?)</script>", html, re.S)}
    return sorted(hashes)


def _script_partials() -> list[Path]:
    folders = []
    for package in ENGINE_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec and spec.origin:
            folder = Path(spec.origin).parent / "templates" / "partials" / "javascripts"
            if folder.is_dir():
                folders.append(folder)
    return folders


def _sha256(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
