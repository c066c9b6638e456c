"""The `secant` scene as plain text for `gradtui print`: the secant at its starting h with the
tangent, the table of h down to about 1e-15 and h = 0, and what the table shows in words.
"""

from __future__ import annotations

import math

from gradtui.scenes.kit.layout import pack, wrap
from gradtui.scenes.kit.numbers import error_size, in_words, step_size
from gradtui.scenes.secant.state import SecantState, snap
from gradtui.textsafe import for_terminal


def text_table_hs(state: SecantState) -> list[float]:
    """The h values `gradtui print` tabulates: the script's `hs`, or decades from the start
    down to about 1e-15 (at a corner, both sides), then 0."""
    if state.hs:
        return state.hs
    corner = state.point.kind == "corner"
    factor = 100 if corner else 10  # a corner lists both sides, so it steps twice as fast
    hs, h = [], state.h0
    while abs(h) >= 1e-15 * 0.99:
        hs += [h, -h] if corner else [h]
        h = snap(h / factor)
    return [*hs, 0.0]


def render_text(params: dict, ascii: bool = False) -> str:
    """The secant at its starting h (with the tangent), then the h / slope / error table down
    to h ≈ 1e-15 and h = 0, and what the table shows in words."""
    state = SecantState(params)
    state.tangent_visible = True
    out = [
        for_terminal(
            f"y = {state.expr.text}, P = ({in_words(state.x)}, {in_words(state.fx)}), "
            f"Q = P moved by h = {step_size(state.h)}",
            ascii,
        )
    ]
    out += state.plot_lines(72, 18, ascii)
    out.append(state.legend(ascii))
    out += pack([for_terminal(f, ascii) for f in state.readout_fields()], 76)
    state.tabulate(text_table_hs(state))
    out.append("")
    out += state.table_lines(ascii)
    out.append("")
    out += wrap(for_terminal(summary_sentence(state), ascii), 76)
    return "\n".join(out)


def summary_sentence(state: SecantState) -> str:
    """What the finished table shows: where the error was smallest, whether it grew again
    below that (and why), and the 0/0 at h = 0 when the table reaches it."""
    zero = " At h = 0 the slope is 0/0: no line goes through one point."
    zero = zero if any(r.h == 0 for r in state.rows) else ""
    if state.point.kind != "smooth":
        return (state.words_at_p + zero).strip()
    rows = [r for r in state.rows if r.h != 0 and math.isfinite(r.error)]
    if not rows:
        return zero.strip()
    best = min(rows, key=lambda r: (r.error, -abs(r.h)))
    smaller = [r for r in rows if abs(r.h) < abs(best.h)]
    text = f"The error is smallest at h = {step_size(best.h)} ({error_size(best.error)})."
    if len(rows) == 1:
        text = f"The error at h = {step_size(best.h)} is {error_size(best.error)}."
    elif not smaller:
        text += " It shrinks with h all the way down the table."
    elif any(r.error > best.error for r in smaller):
        text += (
            " Below that it grows again: f(x+h) and f(x) agree in almost all of their ~16 "
            "digits, so their difference keeps only a few (floating-point cancellation)."
        )
    else:
        text += " Smaller steps do no better."
    return text + zero
