"""Moodle's grade fractions: it accepts only a fixed list, so per-answer credit is chosen from that list."""

from __future__ import annotations

from fractions import Fraction

ALLOWED = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30", "25", "20",
           "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0")
"""Moodle's accepted percentages (`question_bank::fraction_options_full`); their negatives are accepted too."""

_VALUES = [(float(a), a) for a in ALLOWED if a != "0"]


def shares(count: int) -> list[str]:
    """`count` allowed percentages that add up to 100 (within Moodle's rounding), largest first.

    100/k is itself allowed for k up to 10; beyond that two allowed values are mixed, e.g. 11 -> 9 x 10 + 2 x 5.
    Moodle's smallest share is 5%, so past 20 right answers the extra ones earn nothing.
    """
    if count < 1:
        raise ValueError("at least one share is needed")
    for value, text in _VALUES:
        if abs(value * count - 100) < 0.001:
            return [text] * count
    for high, high_text in _VALUES:
        for low, low_text in _VALUES:
            if low >= high:
                continue
            for n_high in range(1, count):
                if abs(n_high * high + (count - n_high) * low - 100) < 0.001:
                    return [high_text] * n_high + [low_text] * (count - n_high)
    return ["5"] * 20 + ["0"] * (count - 20)


def penalty(count: int) -> str:
    """The negative allowed percentage nearest to -100/count: what one wrong tick costs."""
    target = float(Fraction(100, count))
    value, text = min(_VALUES, key=lambda v: abs(v[0] - target))
    return "-" + text
