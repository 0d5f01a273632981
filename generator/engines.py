"""The engines that turn a docs tree into the site: MkDocs or Zensical, each run as a plain `build` command.

Both read the tree's mkdocs.yml and need no plugin. Either writes into an empty folder given by the caller, which
generator/write.py then swaps in, so a failed build leaves the previous site as it was. Each runs in a process of its
own: the generator's memory (the course, every page) is not held while the engine holds its own copy of the pages,
and the engine's messages reach the terminal as they come.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ENGINES = ("mkdocs", "zensical")
"""The engines `coursegen build --engine` can hand the docs tree to. Importing this module loads no output code."""
CONFIG_FILE = "mkdocs.yml"
"""The configuration file both engines read, at the root of the project and of a docs tree."""


class EngineError(Exception):
    """The engine failed: its message says why (a broken link in strict mode, a template error, ...)."""


def build_tree(tree: Path, site_dir: Path, *, engine: str = "mkdocs", strict: bool = False) -> None:
    """Build the docs tree in `tree` into the empty folder `site_dir` with `engine`."""
    if engine == "zensical":
        _zensical(tree, site_dir, strict=strict)
    else:
        _mkdocs(tree, site_dir, strict=strict)


def _mkdocs(tree: Path, site_dir: Path, *, strict: bool) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(tree / CONFIG_FILE), "-d", str(site_dir)]
    done = subprocess.run([*command, *(["--strict"] if strict else [])], env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        raise EngineError(f"mkdocs build exited with {done.returncode} (its messages are above)")


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
