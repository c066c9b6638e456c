"""The line mode's words for symbols (gradtui/spoken.py), one kind at a time: each case is a
line a lesson, a readout or a check writes, and the words a speech synthesizer should get for
it. The espeak-ng test (skipped where it is not installed) listens to a few of them: what the
raw line loses (a minus, a power, a gradient) is heard once the line is said in words."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from gradtui.spoken import (
    GREEK,
    NAMES,
    is_picture,
    move_words,
    named,
    spoken,
    spoken_line,
    symbol_named,
)
from gradtui.textsafe import ascii_only


@pytest.mark.parametrize(
    ("written", "said"),
    [
        # numbers in e-notation, in every form: the sign of the exponent is said
        ("3.906e-03", "3.906 times 10 to the minus 3"),
        ("1e-08", "10 to the minus 8"),
        ("2.5E+10", "2.5 times 10 to the 10"),
        ("error = 1.000e+00", "error = 1"),
        ("-2.785e-07", "minus 2.785 times 10 to the minus 7"),
        ("like 1.23e-7.", "like 1.23 times 10 to the minus 7."),
        ("e-notation and x-slice", "e-notation and x-slice"),  # words keep their hyphen
        # powers, written three ways
        ("x**2 + y**3 - x**4", "x squared + y cubed minus x to the 4"),
        ("x^2, s^n, 0.25^10, x^-1", "x squared, s to the n, 0.25 to the 10, x to the minus 1"),
        ("x² + y³ + x⁴ + x⁻¹", "x squared + y cubed + x to the 4 + x to the minus 1"),
        ("e^(−x)", "e to the minus x"),
        ("x**3/3 - x", "x cubed over 3 minus x"),
        # gradients, partials, lengths, differences
        ("|∇f| = 5", "the length of the gradient of f = 5"),
        ("|grad f| = 4.472", "the length of the gradient of f = 4.472"),  # in 7 bits
        ("|v| and |x − 1|", "the length of v and the size of (x minus 1)"),
        ("∇L", "the gradient of L"),
        ("∂L/∂w = 2", "partial L by partial w = 2"),
        ("df/dx = 3  df/dy = 4", "d f by d x = 3, d f by d y = 4"),
        ("d(small)/d(big) = 6", "d small by d big = 6"),
        ("ΔL/Δw and DeltaL/Delta", "delta L over delta w and delta L over delta"),
        # products and fractions
        ("w·x + b, 3 · 2, 0.25 × 4, x*y", "w times x + b, 3 times 2, 0.25 times 4, x times y"),
        ("2.109× the loss", "2.109 times the loss"),
        ("0.73 x 0.01, (its gradient) x (slope)", "0.73 times 0.01, (its gradient) times (slope)"),
        (
            "z's gradient x its input; c the layer, x the example",
            "z's gradient times its input; c the layer, x the example",
        ),
        ("rise/run, rise / run, 1/2, 0/0", "rise over run, rise over run, 1 over 2, 0 over 0"),
        ("play/stop, on/off, s / weight up", "play or stop, on or off, s or weight up"),
        ("nudge /10", "nudge divided by 10"),
        ("1 / (1 + e^(−x))", "1 over (1 + e to the minus x)"),
        ("m̂ / √v̂", "m hat over the square root of v hat"),
        # minus signs: as a sign, between terms, and a dash that stands for no value
        ("f(x) = -2, at (1, -0.5)", "f of x = minus 2, at (1, minus 0.5)"),
        ("x - 1 and x − 1", "x minus 1 and x minus 1"),
        ("value -, gradient -", "value none, gradient none"),
        ("error = —", "error = none"),
        ("0/0 — no line", "0 over 0, no line"),
        # comparisons, roots, angles, arrows, Greek letters
        (
            "z > 0, x < 1, a ≤ b, c ≥ d",
            "z greater than 0, x less than 1, a at most b, c at least d",
        ),
        ("≈ 0.54, ~16 digits, ±1", "about 0.54, about 16 digits, plus or minus 1"),
        ("√(3² + 4²)", "the square root of (3 squared + 4 squared)"),
        ("53.13° (NNE), 45 deg (E)", "53.13 degrees (north-north-east), 45 degrees (east)"),
        ("x → g → f", "x goes to g goes to f"),
        ("β = 0.9, β1, θ, Δ", "beta = 0.9, beta 1, theta, delta"),
        ("sin(x)², cos(1), f(x + h)", "sine of x squared, cosine of 1, f of (x + h)"),
        # keys and marks standing alone are said by name; pictures are not said
        (
            "with , and . (or [ and ])",
            "with comma and full stop (or left bracket and right bracket)",
        ),
        ("Press * to double; Adam (*'s)", "Press star to double; Adam (stars)"),
        ("Press + or - to nudge", "Press + or minus to nudge"),
        ("~ marks equal loss", "tilde marks equal loss"),
        ("falling ◀──────┼━━━●──▶ rising", "falling rising"),
        ("- a list item", "- a list item"),
    ],
)
def test_each_symbol_is_written_as_it_is_said(written, said):
    assert spoken(written) == said


def test_nothing_a_synthesizer_misreads_is_left():
    """Every symbol of the tables, in a formula, comes out as words."""
    formula = "∂L/∂w · |∇f|² − x**3/3 ≈ 1e-8 × θ^2 → ∞"
    said = spoken(formula)
    assert said == (
        "partial L by partial w times the length of the gradient of f squared minus x cubed "
        "over 3 about 10 to the minus 8 times theta squared goes to infinity"
    )
    assert said.isascii()
    for letter, name in GREEK.items():
        assert spoken(f"a {letter} b") == f"a {name} b"


def test_lines_keep_their_indent_and_a_text_keeps_its_lines():
    assert spoken_line("  h = 1e-3") == "  h = 10 to the minus 3"
    assert spoken("x²\n\n  y³") == "x squared\n\n  y cubed"


def test_it_says_each_thing_once_and_words_stay_words():
    """Said twice, a line stays as said once; a sentence without symbols is left alone."""
    for line in ("3.906e-03 and x**3 and ∂L/∂w", "value -, and |∇f|", "play/stop"):
        assert spoken(spoken(line)) == spoken(line)
    prose = "Read this curve as a hiking trail seen from the side: x is how far along you are."
    assert spoken(prose) == prose


def test_keys_by_name_and_back():
    assert named(".") == "full stop" and named(",") == "comma" and named("↑") == "up arrow"
    assert named("░") == "light shade" and named("a") == "a" and named("x^2") == "x squared"
    for symbol, name in NAMES.items():  # a name typed back finds its key
        if symbol.isascii():
            assert symbol_named(name.upper()) == symbol
    assert symbol_named("line") is None and symbol_named("shrink h") is None


def test_a_moves_words_are_said_as_moves():
    assert move_words("lr x2") == "lr times 2" and move_words("nudge x10") == "nudge times 10"
    assert move_words("neuron -") == "neuron minus" and move_words("noise +") == "noise plus"
    assert move_words("x1^2 on/off") == "x1 squared on or off"  # x1 is a feature here
    assert move_words("n / layers x2") == "n or layers times 2"


def test_a_drawn_line_is_a_picture():
    assert is_picture("falling ◀───────────┼━━━━●──▶ rising")
    assert not is_picture("blank and · where it says o, ░ and ▒ where it says x")


def test_the_words_are_ascii_and_survive_the_ascii_mode():
    for written in ("ŷ = σ(z)", "|∇f| ≈ 5 ± 0.1 → ∞", "β₁ = 0.9"):
        said = spoken(written)
        assert said.isascii(), said
        assert ascii_only(said) == said


# --- listened to with espeak-ng -------------------------------------------------------------

ESPEAK = shutil.which("espeak-ng")


def phonemes(text: str) -> str:
    """What espeak-ng says for `text`, as phonemes, without stress marks and pauses (text on
    standard input: a line starting with a minus is not an option)."""
    said = subprocess.run(
        [ESPEAK, "-q", "-x"], input=text, capture_output=True, text=True, timeout=30, check=True
    ).stdout
    return " ".join(re.sub(r"[',_:;|]", "", said).split())


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed (Debian: espeak-ng)")
@pytest.mark.parametrize(
    ("written", "heard"),
    [
        ("error = 3.906e-03", ["minus"]),  # read raw: "e zero three", a big number
        ("h = 1e-08", ["minus", "ten"]),
        ("f = x**3", ["cubed"]),  # raw: "x asterisk asterisk three"
        ("f = x² + y²", ["squared"]),  # raw: "x two"
        ("|∇f| = 5", ["length", "gradient"]),  # raw: "f equals five"
        ("∂L/∂w = -0.5", ["partial", "minus"]),  # raw: the minus after "=" is lost
        ("local slope 1 if z > 0", ["greater"]),  # raw: "z zero"
        ("Press , and . to walk", ["comma", "full stop"]),  # raw: "press and to walk"
    ],
)
def test_espeak_hears_what_the_raw_line_loses(written, heard):
    raw, said = phonemes(written), phonemes(spoken(written))
    for word in heard:
        sound = phonemes(word)
        assert sound not in raw, f"{written!r} already says {word!r} raw: {raw}"
        assert sound in said, f"{spoken(written)!r} does not say {word!r}: {said}"
