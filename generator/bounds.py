"""Numbers in content are finite and within stated bounds: a typo such as `workspace: 2000000` (for 20) or
`points: .inf` is an error that says the bound, not a 48 MB page or `inf` in an LMS export."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

NUMBER_BOUNDS = {
    "points": 100,      # a question's weight
    "workspace": 40,    # ruled lines of writing space: a whole page holds about 40
    "minutes": 480,     # a role-play or a break: a working day at most
    "teaching": 480,    # a lesson's minutes of teaching or exercises
    "exercises": 480,
    "group_size": 20,   # people in one role-play group
}
"""Field name -> the largest value it may have (the smallest is the model's: 0, or 1 for some)."""


def out_of_bounds(data: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every bounded number in a document's data that is not finite or is above its bound: (where, message, hint)."""
    if isinstance(data, dict):
        for key, value in data.items():
            bound = NUMBER_BOUNDS.get(key)
            if bound is not None and isinstance(value, int | float) and not isinstance(value, bool) and not (
                    math.isfinite(value) and value <= bound):
                shown = "infinite" if math.isinf(value) else "not a number" if math.isnan(value) else f"{value:,}"
                yield ((*loc, key), f"'{key}' is {shown}; it must be a number from 0 to {bound}",
                       f"e.g. `{key}: {min(bound, 10)}`")
            else:
                yield from out_of_bounds(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from out_of_bounds(value, (*loc, i))
