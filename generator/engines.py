"""The engines that turn a docs tree into the site: MkDocs (in-process) or Zensical (its own process).

Both read the tree's mkdocs.yml and need no plugin. Either writes into an empty folder given by the caller, which
generator/write.py then swaps in, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .docs import CONFIG_FILE

ENGINES = ("mkdocs", "zensical")


class EngineError(Exception):
    """The engine failed: its message says why (a broken link in strict mode, a template error, ...)."""


def build_tree(tree: Path, site_dir: Path, *, engine: str = "mkdocs", strict: bool = False) -> None:
    """Build the docs tree in `tree` into the empty folder `site_dir` with `engine`."""
    if engine == "zensical":
        _zensical(tree, site_dir, strict=strict)
    else:
        _mkdocs(tree, site_dir, strict=strict)


def _mkdocs(tree: Path, site_dir: Path, *, strict: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(tree / CONFIG_FILE), site_dir=str(site_dir), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as e:
        raise EngineError(str(e)) from e


def _zensical(tree: Path, site_dir: Path, *, strict: bool) -> None:
    """Zensical builds only into a folder inside the tree: build into one there, then move it to `site_dir`."""
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if not zensical:
        raise EngineError("Zensical is not installed: `pip install zensical` (the README names the tested version), "
                          "or build with --engine mkdocs")
    out = Path(tempfile.mkdtemp(prefix=".site-", dir=tree))
    try:
        config = tree / f".{out.name}.yml"
        text = (tree / CONFIG_FILE).read_text(encoding="utf-8")
        config.write_text(f"{text}\nsite_dir: {out.name}\n", encoding="utf-8")
        done = subprocess.run([zensical, "build", "-f", str(config), *(["--strict"] if strict else [])],
                              cwd=tree, capture_output=True, text=True)
        config.unlink()
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            raise EngineError(f"zensical build exited with {done.returncode}: {done.stdout.strip()[-2000:]}")
        for item in out.iterdir():
            shutil.move(str(item), site_dir / item.name)
    finally:
        shutil.rmtree(out, ignore_errors=True)
