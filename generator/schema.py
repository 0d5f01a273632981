"""JSON Schemas of the content files, for editors that validate and complete YAML as an author types."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from . import model

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "course": (model.CourseInfo, "content/course.yml"),
    "module": (model.Module, "content/*/module.yml"),
    "lesson": (model.Lesson, "content/*/[0-9]*.yml"),
    "glossary": (model.Glossary, "content/glossary.yml"),
    "references": (model.Bibliography, "content/references.yml"),
    "quiz": (model.Quiz, "quizzes/*.yml"),
    "page": (model.StandalonePage, "content/pages/*.yml"),
}
"""Schema name -> (model, the files it describes)."""


def schema_texts() -> dict[str, str]:
    """Each schema as pretty JSON, by file name (`lesson.schema.json`)."""
    texts = {}
    for name, (cls, files) in SCHEMAS.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **cls.model_json_schema()}
        schema["description"] = f"{files}: {schema.get('description', '')}".strip()
        texts[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return texts


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
