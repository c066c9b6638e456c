"""Making text from lessons and learners safe to put on a terminal, and ASCII-only when asked.

`inert` removes every character that could start an escape sequence or reorder text
(C0/C1 controls, DEL, bidi overrides), so content can never drive the terminal.
`ascii_only` spells common symbols in 7-bit characters for consoles without Unicode.
"""

from __future__ import annotations

import unicodedata

# Bidi embedding/override/isolate controls and marks: they reorder what the learner sees.
_BIDI = {
    "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069",
}  # fmt: skip

REPLACEMENT = "\ufffd"

_ASCII_SPELLING = {
    "²": "^2", "³": "^3", "¹": "^1", "⁰": "^0", "⁴": "^4", "ⁿ": "^n", "⁻": "^-",
    "×": "x", "·": "*", "⋅": "*", "÷": "/", "−": "-", "–": "-", "—": "--", "…": "...",
    "‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"',
    "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>", "≈": "~=", "≠": "!=",
    "≤": "<=", "≥": ">=", "±": "+/-", "∞": "inf", "√": "sqrt", "∂": "d", "∇": "grad ",
    "Δ": "delta ", "δ": "delta", "θ": "theta", "α": "alpha", "η": "eta", "λ": "lambda",
    "σ": "sigma", "π": "pi", "ε": "eps", "μ": "mu", "°": " deg",
    "•": "*", "●": "o", "◆": "#", "▶": ">", "◀": "<", "▲": "^", "▼": "v", "■": "#", "□": "[ ]",
    "┌": "+", "┐": "+", "└": "+", "┘": "+", "─": "-", "│": "|", "┤": "|", "├": "|",
    "┬": "+", "┴": "+", "┼": "+", "━": "=", "┃": "|", "█": "#", "▄": "_", "▀": "^",
    "░": ".", "▒": ":", "▓": "#", "✓": "ok", "✗": "x", "\u00a0": " ", REPLACEMENT: "?",
}  # fmt: skip
_ASCII_TABLE = str.maketrans(_ASCII_SPELLING)


def is_unsafe(ch: str) -> bool:
    """True for characters that must never reach a terminal as they are."""
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F or ch in _BIDI


def inert(text: str, keep_newlines: bool = True) -> str:
    """`text` with every control character replaced (tabs become spaces)."""
    out = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\t":
            out.append("    ")
        elif is_unsafe(ch):
            out.append(REPLACEMENT)
        else:
            out.append(ch)
    return "".join(out)


def ascii_only(text: str) -> str:
    """`text` in 7-bit characters: symbols spelled out, accents dropped, the rest as '?'."""
    text = text.translate(_ASCII_TABLE)
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in decomposed if c.isascii())
        out.append(base if base else "?")
    return "".join(out)


def for_terminal(text: str, ascii: bool) -> str:
    """The one call content goes through before display: inert, and ASCII when asked."""
    text = inert(text)
    return ascii_only(text) if ascii else text
