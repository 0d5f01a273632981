"""How a pydantic error becomes the author's message: the labels, examples and type synonyms the messages use, and
the introspection that finds which model and field an error is about."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from ..load import Document, Loc
from ..model.qtypes import TYPE_NAMES
from ..sanitize import unsafe_markup
from .sink import Sink

LABELS = {
    "CourseInfo": "course", "Module": "module", "Lesson": "lesson", "Glossary": "glossary file",
    "Bibliography": "references file", "Quiz": "quiz", "Term": "glossary term", "Reference": "reference",
    "RolePlay": "role-play", "DiscussionPrompt": "discussion prompt", "StandalonePage": "page",
    "Workshop": "workshop", "Day": "day", "Session": "session",
}
"""How a model is named in messages; others are named after their class ('Challenge' -> 'challenge')."""

EXAMPLES = {
    "id": "id: first-steps",
    "title": "title: First steps",
    "version": 'version: "1.0.0"',
    "license": "license: CC-BY-4.0",
    "authors": "authors: [{name: Ada Lovelace}]",
    "description": "description: What the course is about, in a sentence or two.",
    "audience": "audience: Who the course is for.",
    "modules": "modules: [basics, practice]",
    "summary": "summary: What this module covers.",
    "lessons": "lessons: [first-steps, next-steps]",
    "teaching": "teaching: 20   # minutes",
    "exercises": "exercises: 10   # minutes",
    "questions": "questions: [What will I learn first?]",
    "objectives": "objectives: [{id: name-the-parts, text: Name the parts of the topic}]",
    "keypoints": "keypoints: [The first idea to remember.]",
    "sections": "sections: [{title: The first idea, body: Some Markdown text.}]",
    "body": "body: Some Markdown text.",
    "prompt": "prompt: What would you do next?",
    "solution": "solution: A possible answer, with the reasoning.",
    "assesses": "assesses: [name-the-parts]   # objective ids of this lesson",
    "text": "text: The text, in Markdown.",
    "term": "term: Feedback",
    "definition": "definition: What the term means, in plain words.",
    "key": "key: smith-2020",
    "year": "year: 2020",
    "venue": "venue: Journal of Examples",
    "lesson": "lesson: first-steps   # id of the lesson the quiz checks",
    "stem": "stem: What is the best first step?",
    "options": "options: [{id: a, text: ..., correct: true, feedback: ...}, {id: b, text: ..., feedback: ...}]",
    "explanation": "explanation: Why the right answer is right.",
    "type": "type: single_choice",
    "alt": "alt: A diagram of three steps from left to right, joined by arrows.",
    "src": "src: three-steps.svg   # a file in the same folder as this YAML file",
    "roles": "roles: [{name: Customer, brief: ...}, {name: Agent, brief: ...}]",
    "observer": "observer: [Does the agent ask before offering a fix?]",
    "debrief": "debrief: [What moment changed the tone of the conversation?]",
    "setup": "setup: The situation everyone in the group knows.",
    "minutes": "minutes: 15",
    "group_size": "group_size: 3",
    "brief": "brief: What only this person knows and wants.",
    "name": "name: Customer",
}
"""What a good value looks like, quoted in the hint when a required field is missing."""


TYPE_SYNONYMS = {"multiple_choice": "multiple_response", "multiple_answer": "multiple_response",
                 "checkbox": "multiple_response", "mcq": "single_choice", "radio": "single_choice",
                 "essay": "reflection", "open": "reflection", "boolean": "true_false", "match": "matching",
                 "sort": "ordering", "scale": "likert"}
"""Names other tools give a question type -> ours (Moodle, QTI and form builders call several ours by these)."""

QUESTION_TYPES = sorted(TYPE_NAMES)


def schema_issue(sink: Sink, doc: Document, cls: type[BaseModel], error: Any) -> None:
    """One pydantic error as the author's message: what is wrong at their line, and what a good value looks like."""
    loc, kind, ctx = tuple(error["loc"]), error["type"], error.get("ctx", {})
    owner = model_at(cls, loc[:-1], doc)
    name = next((p for p in reversed(loc) if isinstance(p, str) and not is_tag(p)), None)
    label = label_of(owner) if owner else label_of(cls)
    if kind == "extra_forbidden":
        close = closest(cls, doc, loc)
        fields = ", ".join(owner.model_fields) if owner else ""
        hint = f"did you mean '{close}'?" if close else f"the {label} fields are: {fields}"
        sink.add(doc, loc, "unknown-field", f"'{loc[-1]}' is not a {label} field", hint, key=True)
    elif kind == "missing":
        example = EXAMPLES.get(str(loc[-1]))
        sink.add(doc, loc[:-1], "missing-field", f"the {label} has no '{loc[-1]}', which is required",
                 f"add it, e.g. `{example}`" if example else "add it")
    elif kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        meant = [TYPE_SYNONYMS[tag]] if tag in TYPE_SYNONYMS else difflib.get_close_matches(tag, QUESTION_TYPES, n=1)
        hint = f"did you mean '{meant[0]}'?" if meant else f"use one of: {', '.join(QUESTION_TYPES)}"
        sink.add(doc, (*loc, "type"), "unknown-type", f"'{ctx.get('tag')}' is not a question type", hint)
    elif kind == "union_tag_not_found":
        sink.add(doc, loc, "missing-field", "the question has no 'type', which is required",
                 f"add e.g. `type: single_choice`; the types are: {', '.join(QUESTION_TYPES)}")
    elif kind == "string_pattern_mismatch" and name in {"id", "key", "lesson", "modules", "lessons", "assesses",
                                                        "glossary", "references", "after"}:
        sink.add(doc, loc, "bad-id", f"'{error['input']}' is not a valid {name if name in ('id', 'key') else 'id'}",
                 "use lower-case letters, digits and single hyphens, e.g. 'first-steps'")
    elif kind == "string_too_short":
        sink.add(doc, loc, "empty", f"'{name}' is empty",
                 f"write it, e.g. `{EXAMPLES[name]}`" if name in EXAMPLES else "write it, or remove the field")
    elif kind == "string_pattern_mismatch" and name == "src":
        sink.add(doc, loc, "bad-image", f"'{error['input']}' is not an image file name",
                 "name an SVG, PNG, JPEG, WebP or GIF file in the same folder as this YAML file, "
                 f"e.g. `{EXAMPLES['src']}`")
    elif kind == "too_short":
        sink.add(doc, loc, "too-few", f"'{name}' needs at least {ctx.get('min_length', 1)} item(s)",
                 f"e.g. `{EXAMPLES[name]}`" if name in EXAMPLES else None)
    elif kind in {"bool_type", "bool_parsing"}:
        sink.add(doc, loc, "not-yes-no", f"'{name}' must be true or false, not {error['input']!r}",
                 f"e.g. `{name}: false`")
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        sink.add(doc, loc, "not-a-number", f"'{name}' must be a whole number, not {error['input']!r}",
                 f"e.g. `{EXAMPLES.get(str(name), f'{name}: 10')}`")
    elif kind == "string_type":
        sink.add(doc, loc, "not-text", f"'{name}' must be text, not {error['input']!r}",
                 "put the value in quotes if it looks like a number, a date or yes/no")
    elif kind == "list_type":
        sink.add(doc, loc, "not-a-list", f"'{name}' must be a list",
                 f"e.g. `{EXAMPLES[name]}`" if name in EXAMPLES
                 else "write each item on its own line starting with '- '")
    elif kind in {"model_type", "model_attributes_type", "dict_type"}:
        sink.add(doc, loc, "not-a-mapping", f"'{name}' must be a mapping of fields",
                 f"e.g. `{EXAMPLES[name]}`" if name in EXAMPLES else None)
    elif kind == "value_error" and isinstance(error["input"], str) and (
            unsafe := unsafe_markup(error["input"]) or unsafe_markup(error["input"], title=True)):
        message = re.sub(r"^Value error, ", "", error["msg"])
        sink.add(doc, loc, "unsafe-html", message, offset=unsafe[0][0])
    else:
        message = re.sub(r"^(Value error|Assertion failed), ", "", error["msg"])
        # A rule on one field gets the field's name; a rule on a whole item speaks for itself.
        subject = f"'{name}': " if name and (kind != "value_error" or loc[-1] == name) else ""
        sink.add(doc, loc, "invalid-value", subject + message[0].lower() + message[1:])


def closest(cls: type[BaseModel], doc: Document, loc: Loc) -> str | None:
    """The field of the model at `loc` whose name is closest to the unknown one at loc[-1]."""
    owner = model_at(cls, loc[:-1], doc)
    close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields) if owner else [], n=1)
    return close[0] if close else None


def is_tag(part: Any) -> bool:
    return part in QUESTION_TYPES


def label_of(cls: type[BaseModel] | None) -> str:
    if cls is None:
        return "item"
    if "type" in cls.model_fields and typing.get_args(cls.model_fields["type"].annotation):
        return f"{typing.get_args(cls.model_fields['type'].annotation)[0]} question"
    return LABELS.get(cls.__name__, re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower())


def model_at(cls: type[BaseModel], loc: Loc, doc: Document) -> type[BaseModel] | None:
    """The model class that owns the value at `loc` inside a `cls` document (following lists and unions)."""
    annotation: Any = cls
    for part in loc:
        annotation = _strip(annotation, part)
        if isinstance(part, int):
            continue
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
    annotation = _strip(annotation, None)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _strip(annotation: Any, part: Any) -> Any:
    """Unwrap Annotated, Optional, list and (tagged) unions down to what `part` indexes."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin is list and isinstance(part, int):
            return args[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in args if a is not type(None)]
            tagged = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)
                      and "type" in m.model_fields and part in typing.get_args(m.model_fields["type"].annotation)]
            annotation = tagged[0] if tagged else members[0]
        else:
            return annotation
