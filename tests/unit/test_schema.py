"""The JSON Schemas in schema/ are generated from the model; editors read them, so they must not drift."""

from __future__ import annotations

import json
from pathlib import Path

from generator.schema import SCHEMAS, schema_texts

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schemas_match_the_model():
    for name, text in schema_texts().items():
        committed = ROOT / "schema" / name
        assert committed.is_file() and committed.read_text(encoding="utf-8") == text, (
            f"schema/{name} is out of date: run `.venv/bin/coursegen schema` and commit the result")


def test_editor_settings_map_every_schema_to_its_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert settings == {f"schema/{name}.schema.json": files for name, (_, files) in SCHEMAS.items()}


def test_field_docs_reach_the_schema():
    lesson = json.loads(schema_texts()["lesson.schema.json"])
    assert lesson["properties"]["teaching"]["description"] == "Minutes of teaching."
