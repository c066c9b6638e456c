"""Numbers, formulas and symbols written the way a speech synthesizer reads them right: the line
mode's words (`gradtui --plain`), applied where its text is printed.

A synthesizer reads what it sees: espeak-ng says `3.906e-03` as "three point nine zero six e
zero three" (the minus lost: a big number), `x**3` as "x asterisk asterisk three", `x²` as "x
two", `|∇f|` as "f", `z > 0` as "z zero". `spoken(text)` writes each such thing in words:
3.906 times 10 to the minus 3, x cubed, the length of the gradient of f, z greater than 0.
Pictures are not words: runs of box-drawing, block and plot characters are dropped, and a
line drawn with them (`is_picture`) is left out by the line mode, whose `plot` command is the
one way to a picture.

The words live in the tables below, all in this module: `WORDS` (a symbol inside a formula or
a sentence), `NAMES` (a symbol standing alone: a key to press, a mark on a picture), `GREEK`,
`FUNCTIONS` (sin(x): "sine of x"), `RATIOS` (rise/run is a ratio, play/stop a choice). The
rules that use them run in order over each line, each a small function. `gradtui print` does
not use them: it is for reading, where `x²` is better than "x squared". Never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# -- the words ----------------------------------------------------------------------------------

WORDS = {
    # arithmetic
    "*": "times", "·": "times", "⋅": "times", "×": "times", "÷": "divided by",
    "−": "minus", "±": "plus or minus", "/": "over", "/n": "divided by", "/or": "or",
    # powers
    "^2": "squared", "^3": "cubed", "^": "to the",
    # comparisons
    "<": "less than", ">": "greater than", "≤": "at most", "<=": "at most", "≥": "at least",
    ">=": "at least", "≠": "is not", "!=": "is not", "≈": "about", "~=": "about", "~": "about",
    # calculus
    "∇": "the gradient of", "grad": "the gradient of", "∂": "partial", "d/d": "by",
    "|∇|": "the length of", "|x|": "the size of", "√": "the square root of", "∞": "infinity",
    # arrows and units
    "→": "goes to", "->": "goes to", "←": "from", "<-": "from", "⇒": "so", "↑": "up", "↓": "down",
    "°": "degrees", "deg": "degrees",
    # marks on a letter, a dash standing for no value, a dash between two numbers
    "\u0302": "hat", "\u0304": "bar", "no value": "none", "–": "to",
}  # fmt: skip

NAMES = {
    ",": "comma", ".": "full stop", "[": "left bracket", "]": "right bracket",
    "{": "left brace", "}": "right brace",
    "+": "plus", "-": "minus", "*": "star", "/": "slash", "\\": "backslash", "^": "caret",
    "<": "less-than", ">": "greater-than", "=": "equals", "~": "tilde", "|": "bar",
    "#": "hash", "@": "at", "&": "ampersand", "_": "underscore", "'": "quote",
    '"': "double quote", "`": "backquote", ";": "semicolon", ":": "colon", "!": "exclamation",
    "?": "question mark", "%": "percent", "$": "dollar",
    "·": "small dot", "•": "big dot", "●": "filled circle", "○": "circle", "◆": "diamond",
    "■": "square", "□": "empty square", "▲": "up triangle", "▼": "down triangle",
    "▶": "right triangle", "◀": "left triangle", "░": "light shade", "▒": "medium shade",
    "▓": "dark shade", "█": "full block", "─": "line", "│": "upright line", "━": "thick line",
    "↑": "up arrow", "↓": "down arrow", "←": "left arrow", "→": "right arrow",
    "⏎": "enter", "⌫": "backspace", "✓": "tick", "✗": "cross",
}  # fmt: skip

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "Δ": "delta", "ε": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "Σ": "sum", "τ": "tau", "φ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "Ω": "omega",
}  # fmt: skip

FUNCTIONS = {
    "sin": "sine of", "cos": "cosine of", "tan": "tangent of", "tanh": "tanh of",
    "exp": "exp of", "log": "log of", "log10": "log 10 of", "ln": "natural log of",
    "sqrt": "the square root of", "abs": "the size of", "sigmoid": "sigmoid of",
    "relu": "relu of", "atan": "arctangent of", "asin": "arcsine of", "acos": "arccosine of",
    "f": "f of", "g": "g of",
}  # fmt: skip

# The compass's points, as the field scene writes them in brackets: (NNE) is north-north-east.
COMPASS = {"N": "north", "E": "east", "S": "south", "W": "west"}

# Pairs of words whose slash is a ratio (said "over"); between other words a slash is a
# choice (play/stop: "play or stop").
RATIOS = {("rise", "run")}
# Words a power is said with: "x squared/2" is still a fraction.
POWER_WORDS = {"squared", "cubed"}
# Symbols a synthesizer says right standing alone ("h = 0", "+ and -"), kept as they are.
SAID_RIGHT = {"=", "+", "%", "&", "@", "#", "?", "!", ":", ";", "'", '"'}
# Letters whose |v| is a vector's length; any other |x| is a size (an absolute value).
VECTORS = {"u", "v", "g"}

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿ", "0123456789-+n")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
ONE_CHARACTER = {"ŷ": "y\u0302"}  # a letter and its mark in one character

# Box drawing, blocks, geometric shapes and braille dots: the characters pictures are drawn
# with (U+2500-U+25FF, U+2800-U+28FF), and the plot marks beside them.
DRAWING = "\u2500-\u25ff\u2800-\u28ff•"
_DRAWN_RUN = re.compile(f"[{DRAWING}](?:[{DRAWING}]|\\s(?=[{DRAWING}]))+")
_DRAWING_LEFT = re.compile(f"[{DRAWING}]")
_DRAWN = re.compile(f"[{DRAWING}]{{3,}}")

# -- the rules ----------------------------------------------------------------------------------

_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)"
_E_NOTATION = re.compile(rf"(?<![\w.])({_NUMBER})[eE]([+\-−]?)(\d+)(?!\w|\.\d)")
_ATOM = r"(?:[A-Za-z]\d?|\([^()]+\))"  # L, w1, (small)
_DERIVATIVE = re.compile(rf"(?<![\w∂])(∂|d)({_ATOM})/(∂|d)({_ATOM})(?![\w(])")
_DELTA = re.compile(r"(?<!\w)Delta(?=[A-Za-z]\d?(?!\w))")  # DeltaL, Δ in 7 bits
_DIFFERENCE = re.compile(r"(?<![\w])(?:Δ|Delta)([A-Za-z]\d?)?/(?:Δ|Delta)([A-Za-z]\d?)?(?!\w)")
_LENGTH = re.compile(r"\|(?=\S)([^|]*?\S)\|")
_EXPONENT = r"[-−+]?(?:\d+(?:\.\d+)?|[A-Za-z]\w*|\([^()]*\))"
_POWER = re.compile(rf"(?<=[\w.)])\s*(?:\*\*|\^)\s*({_EXPONENT})")
_TIMES = re.compile(r"(?<=[\w)\].])(\s*)([*·⋅×])(\s*)(?=[\w(\[.−-])")
_DIVIDED = re.compile(r"(?<=\s)/(?=\d)")
_SLASHES = re.compile(r"[^\s/]+(?:\s*/\s*[^\s/]+)+")
_CUT = re.compile(r"\s*/\s*")
_SPACED_X = re.compile(r"(?<=[\d)]) x (?=[\d(])|(?<=\w) x (?=(?:its|their) )")
_COMPARISON = re.compile(r"(?<=[\w)])(?:\s*(<=|>=|!=|~=|->|<-)\s*|\s+([<>])\s+)(?=[\w(−-])")
_ABOUT = re.compile(r"(?<![\w~])~(?=\d)")
_SIGN = re.compile(r"(?<![\w)\].'])-(?=\d|\.\d|[A-Za-z(])")
_BINARY_MINUS = re.compile(r"(?<=\S)\s+-\s+(?=\S)|(?<=\b[A-Za-z])-(?=\d)")
_NO_VALUE = re.compile(r"(?<![^\s(])[-—–](?=$|[,;)])")
_DASH = re.compile(r"\s*[—–]\s*")
_RANGE = re.compile(r"(?<=\d)–(?=\d)")  # lessons 1–7
_FUNCTION = re.compile(
    r"(?<![\w.])(" + "|".join(sorted(FUNCTIONS, key=len, reverse=True)) + r")\((?:(\w+)\))?"
)
_MARKED_LETTER = re.compile("([A-Za-z])([\u0302\u0304])")
_DEGREES = re.compile(r"(?<=\d)\s*(?:°|\s(?:deg)\b)")
_LONE = re.compile(r"(?<![^\s(\[])([^\w\s])('s)?(?=$|[\s,;:)\]]|\.(?:$|\s))")
_SPACES = re.compile(r" {2,}")
_BETWEEN = re.compile(r"(?<=[^\s,;:.]) {2,}(?=\S)")  # "df/dx = 3  df/dy = 4": two readings
_POINT = re.compile(r"\((N|S|E|W|[NS][EW]|[NS]{2}[EW]|[EW][NS][EW])\)")
_TIGHT = re.compile(r"(?<=[(\[]) | (?=[,;:)\].?!])")


def _e_notation(found: re.Match[str]) -> str:
    """3.906e-03: "3.906 times 10 to the minus 3" (1e-08: "10 to the minus 8")."""
    mantissa, sign, exponent = found.group(1), found.group(2), found.group(3).lstrip("0")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".") or "0"
    if not exponent:  # e+00: the number itself
        return mantissa
    power = f"10 to the {'minus ' if sign in '-−' and sign else ''}{exponent}"
    return power if mantissa == "1" else f"{mantissa} times {power}"


def _derivative(found: re.Match[str]) -> str:
    """∂L/∂w: "partial L by partial w"; dy/du, d(small)/d(big): "d y by d u"."""
    top, over, bottom, under = found.groups()
    said = {"∂": WORDS["∂"], "d": "d"}
    return f"{said[top]} {_bare(over)} {WORDS['d/d']} {said[bottom]} {_bare(under)}"


def _bare(atom: str) -> str:
    """A derivative's variable without its brackets: (small) is small."""
    return atom[1:-1] if atom.startswith("(") else atom


def _difference(found: re.Match[str]) -> str:
    """ΔL/Δw: "delta L over delta w" (ΔL/Δ, the change over the nudge: "delta L over delta")."""
    top, bottom = (name or "" for name in found.groups())
    return f"delta {top} {WORDS['/']} delta {bottom}".replace("  ", " ").strip()


def _length(found: re.Match[str]) -> str:
    """|∇f|: "the length of the gradient of f"; |x - 1|: "the size of (x - 1)"."""
    inside = found.group(1)
    vector = inside.startswith(("∇", "grad ")) or inside in VECTORS
    if " " in inside and not vector:  # |x − 1|: the size of (x − 1)
        inside = f"({inside})"
    return f"{WORDS['|∇|'] if vector else WORDS['|x|']} {inside}"


def _power(found: re.Match[str]) -> str:
    """x**3, x^3: " cubed"; s^n: " to the n"; e^(−x): " to the −x"."""
    exponent = found.group(1)
    if exponent in ("2", "3"):
        return " " + WORDS["^" + exponent]
    if exponent.startswith("("):
        exponent = exponent[1:-1].strip()
    return f" {WORDS['^']} {exponent}"


def _times(found: re.Match[str]) -> str:
    """An operator between two terms is "times"; a star between two words is a name."""
    before, sign, after = found.groups()
    if sign == "*" and before and after:
        left = found.string[: found.start()].split()[-1:] or [""]
        right = found.string[found.end() :].split()[:1] or [""]
        if _is_word(left[0]) and _is_word(right[0]):
            return found.group(0)  # "Press * to": a key, named later
    return f" {WORDS[sign]} "


def _is_word(token: str) -> bool:
    """A word of the sentence (two letters or more), not a power's word or a function."""
    token = token.strip("()[],.;:")
    return len(token) > 1 and token.isalpha() and token not in POWER_WORDS | set(FUNCTIONS)


def _slashes(found: re.Match[str]) -> str:
    """a/b: "a over b" between terms, "a or b" between words (play/stop), "over" for the
    ratios (rise/run)."""
    parts = _CUT.split(found.group(0))
    words = [part.strip("()[],.;:").casefold() for part in parts]
    ratio = any(pair in RATIOS for pair in zip(words, words[1:], strict=False))
    choice = not ratio and any(_is_word(part) for part in parts)
    return f" {WORDS['/or' if choice else '/']} ".join(parts)


def _function(found: re.Match[str]) -> str:
    """sin(x): "sine of x"; f(x + h): "f of (x + h)"."""
    name, alone = found.groups()
    return f"{FUNCTIONS[name]} {alone}" if alone else f"{FUNCTIONS[name]} ("


def _lone(found: re.Match[str]) -> str:
    """A symbol standing alone (a key, a mark): its name; "*'s": "stars"."""
    symbol, plural = found.groups()
    name = NAMES.get(symbol)
    if name is None or symbol in SAID_RIGHT:
        return found.group(0)
    return name + ("s" if plural else "")


def _tidy(text: str) -> str:
    """One space between words, none inside brackets or before a comma."""
    return _TIGHT.sub("", _SPACES.sub(" ", text))


# The symbols said as words wherever they stand, whatever is around them.
_AS_WORDS = {**GREEK, **{s: WORDS[s] for s in "−√∞≈≤≥≠±→←⇒↑↓∇∂÷°"}}
_AS_WORD = re.compile("[" + "".join(_AS_WORDS) + "]")


def _as_words(text: str) -> str:
    """Each symbol of _AS_WORDS as its word, spaced from the words around it (but not from
    a bracket or a comma: "(−2)" is "(minus 2)", "θ," is "theta,")."""

    def word(found: re.Match[str]) -> str:
        start, end = found.start(), found.end()
        before = " " if start and text[start - 1] not in " ([" else ""
        after = " " if end < len(text) and (text[end].isalnum() or text[end] in "(|") else ""
        return before + _AS_WORDS[found.group(0)] + after

    return _AS_WORD.sub(word, text)


RULES: tuple[Callable[[str], str], ...] = (
    lambda text: _BETWEEN.sub(", ", text.replace("\u00a0", " ").translate(SUBSCRIPTS)),
    lambda text: "".join(ONE_CHARACTER.get(ch, ch) for ch in text),
    lambda text: re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿ]+", lambda m: "^" + m[0].translate(SUPERSCRIPTS), text),
    lambda text: _DRAWN_RUN.sub(" ", text),
    lambda text: _E_NOTATION.sub(_e_notation, text),
    lambda text: _DERIVATIVE.sub(_derivative, text),
    lambda text: _DIFFERENCE.sub(_difference, text),
    lambda text: _DELTA.sub("delta ", text),
    lambda text: _LENGTH.sub(_length, text),
    lambda text: re.sub(r"(?<![\w.])grad (?=[A-Za-z]\b)", WORDS["grad"] + " ", text),
    lambda text: _POWER.sub(_power, text),
    lambda text: _TIMES.sub(_times, text),
    lambda text: _SPACED_X.sub(f" {WORDS['*']} ", text),
    lambda text: _DIVIDED.sub(WORDS["/n"] + " ", text),
    lambda text: _SLASHES.sub(_slashes, text),
    lambda text: _DEGREES.sub(" " + WORDS["°"], text),
    lambda text: _POINT.sub(lambda m: f"({'-'.join(COMPASS[c] for c in m.group(1))})", text),
    lambda text: _ABOUT.sub(WORDS["~"] + " ", text),
    lambda text: _COMPARISON.sub(lambda m: f" {WORDS[m.group(1) or m.group(2)]} ", text),
    lambda text: _NO_VALUE.sub(WORDS["no value"], text),
    lambda text: _RANGE.sub(f" {WORDS['–']} ", text),
    lambda text: _DASH.sub(", ", text),
    lambda text: _BINARY_MINUS.sub(f" {WORDS['−']} ", text),
    lambda text: _SIGN.sub(WORDS["−"] + " ", text),
    lambda text: _FUNCTION.sub(_function, text),
    lambda text: _MARKED_LETTER.sub(lambda m: f"{m.group(1)} {WORDS[m.group(2)]}", text),
    _as_words,
    lambda text: _LONE.sub(_lone, text),
    lambda text: _DRAWING_LEFT.sub(" ", text),
)


def spoken_line(line: str) -> str:
    """One line in words (its indent, and a list item's "- ", kept)."""
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    if body.startswith("- "):
        indent, body = indent + "- ", body[2:]
    for rule in RULES:
        body = rule(body)
    body = _tidy(body).strip()
    return indent + body if body else ""


def spoken(text: str) -> str:
    """`text` in words a speech synthesizer reads right, line by line."""
    return "\n".join(spoken_line(line) for line in text.split("\n"))


def named(symbol: str) -> str:
    """A symbol on its own (a key, a mark) by its name: "." is "full stop"; anything else,
    words included, is said as it is."""
    return NAMES.get(symbol, symbol) if len(symbol) == 1 else spoken(symbol)


_MOVE_TIMES = re.compile(r"(?<= )x(\d+)$")  # "nudge x10": ten times the nudge
_MOVE_SIGN = re.compile(r"(?<!\S)[+-](?!\S)")  # "neuron -": the minus key's move


def move_words(words: str) -> str:
    """A scene's move as its words say it ("lr x2", "neuron -"), in words: "lr times 2",
    "neuron minus". Its words are short names, not sentences: an x before a number at the
    end is a factor, a lone + or - a key."""
    words = _MOVE_TIMES.sub(lambda found: f"{WORDS['*']} {found.group(1)}", words)
    return spoken(_MOVE_SIGN.sub(lambda found: NAMES[found.group(0)], words))


def symbol_named(words: str) -> str | None:
    """The key a name says ("full stop": "."), for a learner who types what they heard; None
    when `words` name no key."""
    folded = " ".join(words.casefold().split())
    return next((s for s, name in NAMES.items() if name == folded and s.isascii()), None)


def is_picture(line: str) -> bool:
    """Whether `line` is drawn rather than written: a run of three drawing characters or
    more (a gauge, a bar, a sparkline)."""
    return _DRAWN.search(line) is not None
