"""The engines that turn a docs tree into the site: MkDocs or Zensical, each run as a plain `build` command.

Both read the tree's mkdocs.yml and need no plugin. Either writes into an empty folder given by the caller, which
generator/write.py then swaps in, so a failed build leaves the previous site as it was. Each runs in a process of its
own: the generator's memory (the course, every page) is not held while the engine holds its own copy of the pages,
and the engine's messages reach the terminal as they come.
"""

from __future__ import annotations

import json
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


class WarmMkDocs:
    """An MkDocs process started ahead of need (generator/mkdocs_runner.py): its second or so of imports overlaps
    validation and rendering. It builds once when told what, or exits when `cancel` says it is not needed."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "generator.mkdocs_runner"], stdin=subprocess.PIPE,
                                        text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def build(self, config: Path, site_dir: Path, strict: bool) -> int:
        # The environment as it is now (SOURCE_DATE_EPOCH is set after this process started).
        job = {"config": str(config), "site_dir": str(site_dir), "strict": strict, "environ": dict(os.environ)}
        self.process.stdin.write(json.dumps(job) + "\n")
        return self.cancel()

    def cancel(self) -> int:
        """Let it go (after a build, or with nothing to build) and wait for it to exit."""
        if not self.process.stdin.closed:
            self.process.stdin.close()
        return self.process.wait()


def warm_up(engine: str) -> WarmMkDocs | None:
    """Start the engine ahead of need, where that helps (MkDocs); `build_tree` then uses it."""
    return WarmMkDocs() if engine == "mkdocs" else None


def build_tree(tree: Path, site_dir: Path, *, engine: str = "mkdocs", strict: bool = False,
               warm: WarmMkDocs | None = None) -> None:
    """Build the docs tree in `tree` into the empty folder `site_dir` with `engine` (`warm`: the one started ahead)."""
    if engine == "zensical":
        _zensical(tree, site_dir, strict=strict)
    else:
        _mkdocs(tree, site_dir, strict=strict, warm=warm)


def _mkdocs(tree: Path, site_dir: Path, *, strict: bool, warm: WarmMkDocs | None) -> None:
    if warm:
        code = warm.build(tree / CONFIG_FILE, site_dir, strict)
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "-f", str(tree / CONFIG_FILE), "-d", str(site_dir)]
        code = subprocess.run([*command, *(["--strict"] if strict else [])],
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}).returncode
    if code != 0:
        raise EngineError(f"mkdocs build exited with {code} (its messages are above)")


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
