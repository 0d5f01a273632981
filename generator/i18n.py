"""Interface strings: one message catalog per language, `generator/locales/<language>.yml`, chosen by course.yml's
`language`. Content is the author's; everything the generator itself writes around it comes from here.

A catalog is nested YAML; keys are dotted paths ('lesson.key_points'). A value is text with `{name}` placeholders
(Python format syntax), or a mapping of CLDR plural forms (`one`, `other`, and `zero`, `two`, `few`, `many` where the
language has them) chosen by the number `n`. A key missing from a catalog falls back to English; `validate` warns.
"""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup, escape

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT = "en"

WIDGET_KEYS = "quiz_js"
"""The section of the catalog that theme/assets/quiz.js receives (as a data-qz-strings JSON attribute)."""


def languages() -> list[str]:
    """The languages with a catalog, e.g. ['en', 'fr']."""
    return sorted(p.stem for p in LOCALES_DIR.glob("*.yml"))


@cache
def _load(language: str) -> dict[str, Any]:
    data = yaml.safe_load((LOCALES_DIR / f"{language}.yml").read_text(encoding="utf-8")) or {}
    return _flatten(data)


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and not _is_plural(value):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = value
    return out


PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def _is_plural(value: dict[str, Any]) -> bool:
    return bool(value) and set(value) <= set(PLURAL_FORMS) and "other" in value


def missing_keys(language: str) -> list[str]:
    """Keys of the English catalog that `language`'s catalog lacks (they fall back to English)."""
    own = _load(language)
    return [key for key in _load(DEFAULT) if key not in own]


class Catalog:
    """The interface strings of one language: `t(key, **values)` gives the text, `t.html(...)` escaped Markup."""

    def __init__(self, language: str):
        self.language = language if language in languages() else DEFAULT
        self.messages = {**_load(DEFAULT), **_load(self.language)}
        try:
            self.locale = Locale.parse(self.language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):  # a catalog for a code CLDR does not know: English plural rules
            self.locale = Locale.parse(DEFAULT)

    def raw(self, key: str) -> Any:
        """The catalog's value as written: text or a mapping of plural forms."""
        return self.messages[key]

    def pattern(self, key: str, n: float | None = None) -> str:
        value = self.messages[key]
        if isinstance(value, dict):
            if n is None:
                raise KeyError(f"'{key}' has plural forms: pass n")
            value = value.get(self.locale.plural_form(n), value["other"])
        return str(value)

    def __call__(self, key: str, **values: Any) -> str:
        """The text of `key` with its placeholders filled in; plural forms are chosen by `n`."""
        return self.pattern(key, values.get("n")).format(**values)

    def html(self, key: str, **values: Any) -> Markup:
        """Like calling the catalog, for HTML: the text is escaped, and so is every value that is not Markup."""
        return Markup(escape(self.pattern(key, values.get("n")))).format(**values)

    def date(self, day: datetime.date) -> str:
        """A workshop day in the course's language: 'Thursday 04 March 2027', 'jeudi 4 mars 2027'."""
        return format_date(day, self("date.day"), locale=self.locale)

    def duration(self, minutes: int) -> str:
        """'1 h 05 min' style durations for schedules and maps."""
        hours, rest = divmod(minutes, 60)
        return self("duration.hours", h=hours, m=rest) if hours else self("duration.minutes", m=rest)

    def widget(self) -> dict[str, Any]:
        """The strings theme/assets/quiz.js uses, by their key inside the `quiz_js` section."""
        prefix = WIDGET_KEYS + "."
        return {key[len(prefix):]: value for key, value in self.messages.items() if key.startswith(prefix)}


@cache
def catalog(language: str) -> Catalog:
    """The catalog of `language` (English for a language without one: `validate` reports that as an error)."""
    return Catalog(language)
