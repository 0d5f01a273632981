"""`python -m generator.mkdocs_runner`: MkDocs started before it is needed (generator/engines.py `warm_up`).

It imports MkDocs and the theme at once, so that its start-up runs on the other core while coursegen validates and
renders; then it reads one line from stdin naming the build (JSON: config, site_dir, strict, environ), runs it as
`mkdocs build` does, and exits with its status. An empty stdin means it was not needed.
"""

from __future__ import annotations

import json
import logging
import os
import sys


def main() -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    import material.plugins.search.plugin  # noqa: F401  (the theme's search, imported ahead with the rest)

    log = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    job = json.loads(line)
    os.environ.update(job["environ"])  # as coursegen's is now: SOURCE_DATE_EPOCH dates the sitemap
    try:
        config = load_config(job["config"], site_dir=job["site_dir"], strict=job["strict"])
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as e:
        log.error(str(e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
