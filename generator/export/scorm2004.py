"""SCORM 2004 4th edition: the learner package of `scorm`, with 2004's manifest; the same launch page and adapter
report completion_status, success_status and score.scaled (see `scorm.py` and `theme/assets/scorm-launch.js`)."""

from __future__ import annotations

from pathlib import Path

from . import scorm
from .common import Scope

SUFFIX = ".scorm2004.zip"


def export(scope: Scope, site_dir: Path) -> tuple[bytes, list[str]]:
    return scorm.export(scope, site_dir, scorm.SCORM_2004)
