"""Making text from lessons, files and learners safe to show, and ASCII-only when asked.

Every text that comes from outside the program (a lesson, a file name, the progress file,
what the learner types) passes `for_terminal` before it is shown, and reaches Textual as
`gradtui.views.text.as_text(...)`: a Rich `Text`, which Textual never reads as markup, so no
such text can style itself, name an action (`[@click=...]`) or carry a link.

`inert` replaces every character that could drive the terminal or hide or reorder what the
learner sees (C0/C1 controls, DEL, format characters such as zero-width joiners and bidi
controls, line and paragraph separators, lone surrogates) with a visible U+FFFD.
`one_line` writes controls as escapes instead, for a file name shown in `path:line: message`.
`ascii_only` spells common symbols in 7-bit characters for consoles without Unicode.
Never imports Textual or Rich.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"

# The characters `inert` replaces, by Unicode category (Python 3.11, Unicode 14): controls
# (Cc), format characters (Cf: soft hyphen, zero-width space/joiners, bidi marks, embeddings,
# overrides and isolates, word joiner, BOM, tags...), line and paragraph separators (Zl, Zp)
# and surrogates (Cs, which cannot even be written as UTF-8). Spelled out as ranges so that
# a regular expression checks a whole text at once; tests hold the list to the categories.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_UNSAFE_RANGES = (
    "\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[{_UNSAFE_RANGES}]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0 and C1 controls, DEL: category Cc
_UNSAFE_BUT_NEWLINE = re.compile(f"(?!\n)[{_UNSAFE_RANGES}]")

_ASCII_SPELLING = {
    "²": "^2", "³": "^3", "¹": "^1", "⁰": "^0", "⁴": "^4", "ⁿ": "^n", "⁻": "^-",
    "×": "x", "·": "*", "⋅": "*", "÷": "/", "−": "-", "–": "-", "—": "--", "…": "...",
    "‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "′": "'",
    "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>", "≈": "~=", "≠": "!=",
    "≤": "<=", "≥": ">=", "±": "+/-", "∞": "inf", "√": "sqrt", "∂": "d", "∇": "grad ",
    "Δ": "Delta", "δ": "delta", "θ": "theta", "α": "alpha", "η": "eta", "λ": "lambda",
    "σ": "sigma", "π": "pi", "ε": "eps", "μ": "mu", "β": "beta", "°": " deg",
    "•": "*", "●": "o", "◆": "#", "▶": ">", "◀": "<", "▲": "^", "▼": "v", "■": "#", "□": "[ ]",
    "┌": "+", "┐": "+", "└": "+", "┘": "+", "─": "-", "│": "|", "┤": "|", "├": "|",
    "┬": "+", "┴": "+", "┼": "+", "━": "=", "┃": "|", "█": "#", "▄": "_", "▀": "^",
    "░": ".", "▒": ":", "▓": "#", "✓": "ok", "✗": "x", "\u00a0": " ", REPLACEMENT: "?",
    "\u0302": "",  # a combining hat (m̂, the corrected average): the letter alone
}  # fmt: skip
_ASCII_TABLE = str.maketrans(_ASCII_SPELLING)


def inert(text: str, keep_newlines: bool = True) -> str:
    """`text` with every unsafe character replaced by a visible U+FFFD (tabs become four
    spaces; newlines stay unless `keep_newlines` is false)."""
    text = text.replace("\t", "    ")
    return (_UNSAFE_BUT_NEWLINE if keep_newlines else _UNSAFE).sub(REPLACEMENT, text)


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


def one_line(text: str) -> str:
    """`text` on one line, every control character written as its escape ("\\n", "\\t",
    "\\x1b"): for a file name, whose every character matters to find it. Other unsafe
    characters are left for `inert` to show as U+FFFD."""
    return _CONTROL.sub(lambda found: found[0].encode("unicode_escape").decode("ascii"), text)


def for_terminal(text: str, ascii: bool = False) -> str:
    """The one call content goes through before display: inert, and ASCII when asked."""
    text = inert(text)
    return ascii_only(text) if ascii else text


def shortened(text: str, width: int, ascii: bool = False) -> str:
    """`text` cut to at most `width` characters, the cut marked with an ellipsis ("~" in ASCII)."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + ("~" if ascii else "…")
