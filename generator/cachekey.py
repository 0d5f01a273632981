"""The key that what a build keeps in .cache/ is signed with.

The next build takes back what is in .cache/: build.pickle is loaded as Python objects (loading a pickle can run any
code) and a kept PDF is published as it is. A pull request can add files there (`git add -f` passes .gitignore), and
the digests that name them are of public inputs, so anybody could make a file the build would take. What is kept is
therefore signed with a random key that lives outside the project, in the user's own cache folder
($XDG_CACHE_HOME/coursegen/cache-key, else ~/.cache/coursegen/cache-key), made on first use: a file this key did not
sign (one a pull request added, or another machine's) is ignored, and the build makes it again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from functools import cache
from pathlib import Path

KEY_BYTES = 32


def key_file() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coursegen" / "cache-key"


@cache
def secret() -> bytes:
    """This user's key, made the first time (by whichever process comes first: the others read it). Where it cannot be
    kept (no writable home), a key for this process only: nothing is then taken back from .cache/ by a later build."""
    path = key_file()
    for _ in range(2):
        try:
            key = path.read_bytes()
            if len(key) == KEY_BYTES:
                return key
            path.unlink()  # not a key of ours: made again
        except FileNotFoundError:
            pass
        except OSError:
            break
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent)  # private to this user (mode 0600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(temp, path)  # fails if another process made the key first; then that one is read
            except FileExistsError:
                pass
            finally:
                os.unlink(temp)
        except OSError:
            break
    return secrets.token_bytes(KEY_BYTES)


def signer(data: bytes = b"") -> hmac.HMAC:
    """An HMAC-SHA256 of `data` (and of what is fed to it after) with this user's key."""
    return hmac.new(secret(), data, hashlib.sha256)
