"""Numbers as a learner reads them: one spelling for infinity, nan and "no value yet", and no
non-zero number ever shown as 0.

Every scene, `gradtui print`, the check grading and `gradtui grad` spell numbers through these
functions, so "infinity" on one screen is "infinity" on every other. Which one to use:

- `number`: a readout (6 significant digits by default, e-notation outside [1e-4, 1e6));
- `short`: a readout that changes every frame, 4 significant digits (few cells repaint);
- `compact`: a number in a fixed slot of a picture (at most 9 columns by default);
- `in_words`: a number inside a sentence (%g style, 6 digits);
- `precise`: 10 significant digits, so the digits that agree with an exact value show (fewer,
  never below 4, to fit a column);
- `step_size` and `error_size`: the secant table's h and error columns;
- `times`: how many times one number is another (36.69, 13,697);
- `plural`: a count and its noun ("1 step", "2 steps").
"""

from __future__ import annotations

import math

NO_VALUE = "-"
INFINITY = "infinity"
UNDEFINED = "undefined"


def special(value: float | None) -> str | None:
    """The words for a value that is not an ordinary number, or None for one that is."""
    if value is None:
        return NO_VALUE
    value = float(value)
    if math.isnan(value):
        return UNDEFINED
    if math.isinf(value):
        return INFINITY if value > 0 else "-" + INFINITY
    return None


def number(
    value: float | None, digits: int = 6, *, plain: tuple[float, float] = (1e-4, 1e6)
) -> str:
    """`digits` significant digits; magnitudes within [`plain`) written out in full, others in
    e-notation (with `digits` - 3 digits after the point, and at least 3: four significant
    digits). Zero is "0"; -0 too."""
    words = special(value)
    if words is not None:
        return words
    value = float(value)
    if value == 0:
        return "0"
    if plain[0] <= abs(value) < plain[1]:
        text = f"{value:.{digits}g}"
        if "e" in text:  # %g writes 13700 as 1.37e+04 once it has more places than digits
            text = f"{float(text):.0f}"  # written out, still rounded to `digits`
        return text
    return f"{value:.{max(digits - 3, 3)}e}"


def short(value: float | None) -> str:
    """Four significant digits: short enough that a readout changing every frame costs little."""
    return number(value, 4, plain=(1e-3, 1e5))


def in_words(value: float | None) -> str:
    """A number inside a sentence: %g with 6 digits (1.5, 0.001, 4.2e-07, 1e+06)."""
    words = special(value)
    if words is not None:
        return words
    return f"{float(value) + 0.0:.6g}"  # + 0.0 turns -0 into 0


def precise(value: float | None, width: int | None = None) -> str:
    """Ten significant digits, so the digits that agree with an exact slope can be read off;
    fewer (never below four) when the number must fit in `width` columns, so that a column
    never cuts off an exponent."""
    words = special(value)
    if words is not None:
        return words
    for digits in range(10, 3, -1):
        text = f"{float(value) + 0.0:.{digits}g}"
        if width is None or len(text) <= width:
            break
    return text


def step_size(h: float, width: int | None = None) -> str:
    """A step h with up to six significant digits: 0.001, 1e-08, 0.015625 (0 for h = 0);
    fewer (never below four) when it must fit in `width` columns: 3.052e-05."""
    words = special(h)
    if words is not None:
        return words
    text = "0" if h == 0 else f"{h:.6g}"
    return text if width is None or len(text) <= width else precise(h, width)


def error_size(value: float) -> str:
    """An error in one fixed shape (1.250e-08: four significant digits), so a column of them
    reads as a column; a dash (— or -- in ASCII) when there is nothing to compare."""
    if value is None or math.isnan(value):
        return "—"
    if math.isinf(value):
        return INFINITY
    return "0" if value == 0 else f"{value:.3e}"


def compact(value: float | None, width: int = 9) -> str:
    """A number in at most `width` columns (9 or more always fits): the digits of `short` when
    they fit, fewer when not; infinity and undefined are spelled out, never cut. For a number
    shown in a fixed slot of a picture, so the picture never moves."""
    text = short(value)
    for digits in (3, 2, 1):
        if len(text) <= width:
            break
        text = number(value, digits, plain=(1e-3, 1e5))
    if len(text) > width:  # a three-digit exponent: one significant digit is all there is room for
        text = f"{float(value):.0e}"
    return text


def times(value: float | None) -> str:
    """A ratio, "how many times": four significant digits below 1,000 (0.25, 36.69), the whole
    number with its thousands marked above (13,697; e-notation past a trillion)."""
    words = special(value)
    if words is not None:
        return words
    value = float(value)
    if abs(value) < 1000:
        return short(value)
    if abs(value) < 1e12:
        return f"{round(value):,}"
    return number(value, 4)


def plural(count: int, word: str) -> str:
    """ "1 step", "2 steps": a count and its noun."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
