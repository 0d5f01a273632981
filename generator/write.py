"""The one module that writes output: a build goes to a staging folder and replaces the old one only when it succeeded;
the docs tree is brought up to date file by file, so that what did not change keeps its time for the engines' caches."""

from __future__ import annotations

import fcntl
import filecmp
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .paths import inside


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder beside `target`; on success swap it in, on any failure delete it.

    A failed build therefore leaves the previous `target` exactly as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    try:
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site must be readable
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
            os.rename(target, old / target.name)
        os.rename(staging, target)
    except BaseException:
        if old and (old / target.name).exists() and not target.exists():
            os.rename(old / target.name, target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if old and target.exists():
            shutil.rmtree(old, ignore_errors=True)


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:new|old)-(?P<pid>\d+)-.*")
HANDOUTS_PREFIX = ".handouts-"
"""build.py's folder for the handouts, beside the staging folder while a build runs."""


def remove_leftovers(target: Path) -> None:
    """Delete what killed builds left beside `target`: staging and old folders whose process is gone, and the
    handouts folders of builds when no live build is using the folder."""
    live = False
    for path in target.parent.glob(".*"):
        match = _LEFTOVER.fullmatch(path.name)
        if match and path.is_dir():
            if _alive(int(match["pid"])):  # this process's own are in use: it cleans up after itself
                live = True
            else:
                shutil.rmtree(path, ignore_errors=True)
    if not live:
        for path in target.parent.glob(HANDOUTS_PREFIX + "*"):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold `folder` for this process alone (a lock file beside it): a second build of the same project waits for
    the first instead of rewriting the docs tree under its engine."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def write_file(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a reader running at the same time never sees half of it."""
    with writing(path) as f:
        f.write(data)


@contextmanager
def writing(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` through, as `write_file` does: it replaces `path` when the block ends, or never."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


FileData = str | bytes | Path
"""A file to write: its text (UTF-8), its bytes, or a file on disk to copy."""


def write_tree(folder: Path, files: Mapping[str, FileData], *, prune: bool = False, link: bool = False,
               memo: dict[str, object] | None = None) -> set[str]:
    """Make `folder` hold `files` (by POSIX path inside it), writing only those that differ from what is there.

    With `prune`, files of `folder` that are not in `files` are deleted (only for folders the generator owns, such
    as the docs tree). With `link` (for such folders too), PDFs are hard-linked from the cache where the file system
    allows: the cache never changes a file in place (a published site gets copies, which nothing can write back
    through). `memo`, kept by the caller from one call to the next (a live preview), remembers what each file
    was written from: an unchanged one is skipped without reading it, and pruning needs no walk of the folder.
    Returns the paths that were written or deleted.
    """
    changed: set[str] = set()
    remembered = bool(memo)  # a first call (an empty memo) must still look at what the folder holds
    for rel, data in files.items():
        stamp = _stamp(data) if memo is not None else None
        if remembered and memo is not None and memo.get(rel) == stamp:
            continue
        if _write_if_different(inside(folder, rel), data, link):
            changed.add(rel)
        if memo is not None:
            memo[rel] = stamp
    if prune and remembered and memo is not None:
        for rel in [rel for rel in memo if rel not in files]:
            (folder / rel).unlink(missing_ok=True)
            del memo[rel]
            changed.add(rel)
    elif prune:
        for path in sorted(folder.rglob("*"), reverse=True):  # children before their folders
            rel = path.relative_to(folder).as_posix()
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in files:
                path.unlink()
                changed.add(rel)
    return changed


def _write_if_different(target: Path, data: FileData, link: bool) -> bool:
    if isinstance(data, Path):
        if target.is_file() and (os.path.samefile(data, target) or filecmp.cmp(data, target, shallow=False)):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            if not (link and data.suffix == ".pdf"):
                raise OSError("only the PDF cache's files are linked, and only into the generator's own folders")
            os.link(data, target)
        except OSError:
            shutil.copyfile(data, target)
        return True
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if target.is_file() and target.stat().st_size == len(raw) and target.read_bytes() == raw:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    return True


def _stamp(data: FileData) -> object:
    """What tells that a file to write is the same as last time: its text, or a source file's size and time."""
    if isinstance(data, Path):
        stat = data.stat()
        return (str(data), stat.st_size, stat.st_mtime_ns)
    return data
