"""Small readers the tests share: a folder's digest, the strings of a YAML document, a page polled over HTTP."""

from __future__ import annotations

import hashlib
import time
import urllib.request
from pathlib import Path

import pytest


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def yaml_strings(value) -> list[str]:
    """Every string in a loaded YAML document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in yaml_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in yaml_strings(v)]
    return []


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and text in page:
            return page
        time.sleep(0.3)
    pytest.fail(f"{url} did not show {text!r} within {seconds} s")
