"""The gears, chain and vanishing scenes without a terminal: what their keys do, what their
frames and readouts say at the design sizes, and `gradtui print`'s numbers, each checked
against a hand computation or a closed form."""

from __future__ import annotations

import math
import re

import pytest

from gradtui.scenes import KINDS, cross_check
from gradtui.scenes import chain as chain_scene
from gradtui.scenes import gears as gears_scene
from gradtui.scenes import vanishing as vanishing_scene
from gradtui.scenes.kit.layout import PICTURE_ROWS
from gradtui.scenes.kit.numbers import number
from gradtui.scenes.kit.params import fill_defaults

# What the lesson screen gives a scene: at 80x24 and 60x18 from 11 and 8 rows (the prose takes
# up to half) to 18 and 12 (a short step), and a wide terminal's scene side.
SIZES = [(80, 11), (60, 8), (80, 18), (60, 12), (200, 44)]


def gears(**given):
    return gears_scene.State(fill_defaults(gears_scene.PARAMS, given))


def chain(**given):
    return chain_scene.State(fill_defaults(chain_scene.PARAMS, given))


def vanishing(**given):
    return vanishing_scene.State(fill_defaults(vanishing_scene.PARAMS, given))


def test_the_three_kinds_are_registered():
    for kind in ("gears", "chain", "vanishing"):
        assert KINDS[kind] == f"gradtui.scenes.{kind}"


# --- gears ----------------------------------------------------------------------------------


def test_a_quarter_turn_of_the_big_gear_turns_the_others_by_the_ratios():
    s = gears(ratios=[2, 3], labels=["big", "medium", "small"])
    for _ in range(4):
        s.turn(1)
    assert s.turns == [1.0, 2.0, 6.0]
    text = "\n".join(s.frame(80, 18).lines)
    assert re.search(r"^1 +2 +6$", text, re.M), text  # the counters under the gears
    assert "d(small)/d(big) = d(small)/d(medium) · d(medium)/d(big) = 3 · 2 = 6" in text
    s.turn(-1)
    assert s.turns == [0.75, 1.5, 4.5]


def test_ratios_are_named_as_rates_of_change_and_multiply():
    s = gears(ratios=[3, 2])
    readout = s.readout()
    assert "du/dx = 3" in readout and "dy/du = 2" in readout
    assert "dy/dx = dy/du · du/dx = 2 · 3 = 6" in readout


def test_the_keys_choose_a_ratio_and_change_it_and_the_product_follows():
    s = gears(ratios=[3, 2])
    s.change(1)  # the first ratio: 3 -> 4 on the ladder
    assert s.ratios == [4.0, 2.0] and s.product == 8.0
    s.choose(1)
    s.change(-1)  # the second: 2 -> 1.5
    assert s.ratios == [4.0, 1.5] and "dy/dx = dy/du · du/dx = 1.5 · 4 = 6" in s.readout()
    assert "chosen ratio: dy/du" in s.readout()
    s.choose(1)  # wraps round to the first
    assert s.selected == 0
    for _ in range(30):
        s.change(1)
    assert s.ratios[0] == 10.0  # the ladder stops at the largest ratio allowed
    s.reset()
    assert s.ratios == [3.0, 2.0] and s.turns == [0.0, 0.0, 0.0]


def test_playing_turns_the_first_gear_at_its_speed():
    s = gears(ratios=[3, 2], speed=0.5)
    s.toggle_play()
    for _ in range(round(2 * s.frames_per_second)):  # two seconds of frames
        assert s.tick()
    assert s.first_turns == pytest.approx(1.0) and s.turns[-1] == pytest.approx(6.0)
    s.turn(1)  # a key press pauses
    assert not s.playing and not s.tick()


def test_gear_params_are_cross_checked_and_names_filled_in():
    (problem,) = cross_check("gears", fill_defaults(gears_scene.PARAMS, {"ratios": []}))
    assert problem[0] == "ratios"
    assert not cross_check("gears", fill_defaults(gears_scene.PARAMS, {"labels": ["a", "b"]}))
    assert gears(labels=["big", "medium"]).names == ["big", "medium", "gear 3"]
    assert gears(labels=["a", "b", "c", "d"]).names == ["a", "b", "c"]
    assert gears(labels=["a\x1b]0;title\x07" + "b" * 20, "", "c"]).names == [
        "a\ufffd]0;title\ufffdb",
        "gear 2",
        "c",
    ]


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("ratios", [[3, 2], [0.1, 10, 2.5, 7]])
def test_gears_get_a_picture_of_at_least_six_rows(width, height, ratios):
    s = gears(ratios=ratios)
    frame = s.frame(width, height)
    pictures = [p for p in frame.panels if re.fullmatch(r"gear-\d", p.name)]
    assert len(pictures) == len(ratios) + 1
    tallest = max(p.height for p in pictures)
    rows = tallest + 2  # the gears and, under each, its name and its counter
    assert rows >= 6, (width, height, rows)
    assert len(frame.lines) <= height and all(len(line) <= width for line in frame.lines)
    assert frame.bottom <= height
    assert any(p.name == "rates" for p in frame.panels)


def test_gears_in_ascii_are_seven_bit():
    s = gears(ratios=[2, 3], labels=["big", "medium", "small"])
    s.turn(1)
    text = "\n".join(s.frame(80, 18, ascii=True).lines)
    assert text.isascii() and "#" in text and "d(small)/d(big)" in text


def test_a_gear_turns_its_painted_tooth_and_nothing_else():
    up = gears_scene.gear_picture(3, 0.0)
    quarter = gears_scene.gear_picture(3, -math.pi / 2)  # a quarter turn clockwise
    assert up[0][6] == "●" and quarter[3][12] == "●"  # from the top to the right-hand side
    changed = [(r, c) for r in range(7) for c in range(13) if up[r][c] != quarter[r][c]]
    assert changed == [(0, 6), (3, 12)]  # two cells: light to repaint
    assert gears_scene.gear_picture(3, 2 * math.pi) == up  # one whole turn: as it was
    assert gears_scene.gear_picture(3, -2 * math.pi / 3)[5][11] == "●"  # a third: lower right


def test_gears_print_has_the_product_and_a_table_of_turns():
    text = gears_scene.render_text(fill_defaults(gears_scene.PARAMS, {"ratios": [1.5, 2.5]}))
    assert "dy/dx = dy/du · du/dx = 2.5 · 1.5 = 3.75" in text
    assert re.search(r"^ +1 +1\.5 +3\.75$", text, re.M), text


def test_gears_print_counts_the_turns_the_lesson_starts_at():
    params = fill_defaults(gears_scene.PARAMS, {"ratios": [0.5, 4], "turns": 1.25})
    text = gears_scene.render_text(params)
    assert re.search(r"^ +1\.25 +0\.625 +2\.5$", text, re.M), text  # 1.25 · 0.5 · 4
    # the picture shows the train there too (it showed one turn's counts: 1, 0.5, 2)
    assert "Turn x by 1.25 turns, and every gear" in text
    assert re.search(r"^1\.25 +0\.625 +2\.5$", text, re.M), text


# --- chain ----------------------------------------------------------------------------------


def test_a_link_at_its_corner_has_no_slope_and_the_chain_says_so():
    s = chain(links=["x - 1", "abs(x)", "x^2"], at=1.0)  # abs gets 0: its corner
    corner = s.readings[1]
    assert math.isnan(corner.slope) and corner.corner == pytest.approx((-1.0, 1.0))
    assert s.product_words() == "slopes multiplied: 1 · a corner · 0 = none"
    assert "Link 2, abs(x), has a corner at its input 0" in s.verdict()
    assert "local slope none, a corner (slopes -1 and 1)" in s.readout()
    assert "tangent" not in s.legend(ascii=False)
    away = chain(links=["abs(x)"], at=2.0)  # the same link away from its corner: slope 1
    assert away.readings[0].corner is None and away.product == 1.0


def test_chain_reads_each_link_and_the_product():
    s = chain(links=["x^2", "sin(x)"], at=1.0)
    readout = s.readout()
    assert "link 1 (x^2): in 1, out 1, local slope 2" in readout
    assert f"local slope {math.cos(1):.6g}" in readout
    assert f"product of local slopes = {2 * math.cos(1):.6g}" in readout


def test_shrinking_the_secant_makes_it_agree_with_the_product():
    s = chain(links=["x^2", "sin(x)"], at=1.0)
    assert "differ by" in s.verdict()
    for _ in range(4):
        s.shrink()
    assert s.h == pytest.approx(1e-5)
    assert s.secant == pytest.approx(2 * math.cos(1.0), rel=1e-9)
    assert re.search(r"agree to (9|10|11) digits", s.verdict()), s.verdict()
    for _ in range(20):
        s.shrink()
    assert s.h == chain_scene.H_SMALLEST


def test_moving_x_reads_the_chain_again():
    s = chain(links=["x^2", "exp(x)"], at=0.0, step=0.25)
    assert s.product == 0.0 and "agree exactly" in s.verdict()
    s.move(1)
    assert s.x == 0.25
    assert s.product == pytest.approx(2 * 0.25 * math.exp(0.0625), rel=1e-14)
    s.reset()
    assert s.x == 0.0


def test_a_link_undefined_at_its_input_is_said_in_words():
    s = chain(links=["x - 2", "log(x)"], at=1.0)
    assert "Link 2, log(x), has no finite value at its input -1" in s.verdict()
    assert "undefined" in s.readout()


def test_an_empty_chain_is_refused_by_its_cross_check():
    (problem,) = cross_check("chain", fill_defaults(chain_scene.PARAMS, {"links": []}))
    assert problem[0] == "links"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_chain_frames_give_the_plot_six_rows(width, height):
    frame = chain(links=["x^2", "sin(x)"]).frame(width, height)
    plots = [p for p in frame.panels if p.name == "plot"]
    if height < 6 + 4:  # (60x8: smaller than any lesson gives a scene) the numbers come first
        assert not plots or plots[0].height >= 6
        return
    (plot,) = plots
    assert plot.height >= 6
    # room for it: six rows to draw in, besides the plot's frame and labels, once the chain's
    # flow (two lines), its verdict and the plot's legend have theirs
    if height >= PICTURE_ROWS + 4:
        assert plot.height >= PICTURE_ROWS
    text = "\n".join(frame.lines)
    assert "secant" in text and ("agree" in text or "differ" in text)  # the verdict
    assert "● x  ◆ secant ends" in text  # and the legend
    assert frame.bottom <= height and all(len(line) <= width for line in frame.lines)


def test_chain_print_has_ten_digits_of_the_product_and_a_shrinking_secant():
    text = chain_scene.render_text(fill_defaults(chain_scene.PARAMS, {"links": ["3*x", "x^2"]}))
    assert "slopes multiplied: 3 · 6 = 18" in text
    secants = re.findall(r"^ +(\S+) +(\S+)  (agree|differ)", text, re.M)
    assert [h for h, _, _ in secants] == ["1", "0.1", "0.01", "0.001", "0.0001", "1e-05"]
    for _, slope, _ in secants:  # (3(x+h))^2 - (3(x-h))^2 = 36xh: the centred secant is exact
        assert float(slope) == pytest.approx(18.0, rel=1e-8)


# --- vanishing ------------------------------------------------------------------------------


def test_s_below_one_vanishes_and_above_one_explodes_in_words():
    s = vanishing(slope=0.9, links=30)
    assert "vanishes" in vanishing_scene.power_words(s.s, s.n)
    for _ in range(4):
        s.change(1)
    assert s.s == 1.1
    words = vanishing_scene.power_words(s.s, s.n)
    assert "explodes" in words and f"= {1.1**30:.6g}." in words


def test_s_to_the_n_beyond_a_float_is_said_as_a_power_of_ten():
    words = vanishing_scene.power_words(0.5, 2000)
    assert "10^-602.1" in words and "rounds to 0" in words
    words = vanishing_scene.power_words(10.0, 400)
    assert "10^400" in words and "overflows to infinity" in words


def test_n_keys_and_their_limits():
    s = vanishing(links=30)
    s.lengthen(1)
    s.double(True)
    assert s.n == 62
    for _ in range(10):
        s.double(True)
    assert s.n == vanishing_scene.MAX_LINKS
    s.reset()
    assert s.n == 30


def test_the_stack_view_shows_every_layers_gradient_and_sigmoids_quarter():
    s = vanishing(show="stack", layers=10, weight=1.0)
    text = "\n".join(s.frame(80, 18).lines)
    assert "10 sigmoid layers" in text and "log scale" in text
    assert "2.785e-07" in text and "0.1481" in text  # layers 1 and 10, see test_chain_maths
    assert "at most 0.25" in s.readout()
    s.change(1)  # the weight, in this view
    assert s.weight == 1.5 and len(s.stack) == 10
    s.lengthen(1)
    assert len(s.stack) == 11
    s.switch()
    assert not s.stack_view


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("show", ["power", "stack"])
def test_vanishing_frames_fit_and_show_six_rows_of_picture(width, height, show):
    s = vanishing(show=show, layers=30)
    frame = s.frame(width, height)
    assert len(frame.lines) <= height and all(len(line) <= width for line in frame.lines)
    (panel,) = [p for p in frame.panels if p.name == show]
    if show == "stack":
        assert sum(1 for line in panel.lines if re.match(r" +(\d+ [█ ]|\.\.\.$)", line)) >= 6
    else:  # the plot: from its top edge to the numbers under its x-axis
        top = next(i for i, line in enumerate(panel.lines) if "┌" in line)
        assert len(panel.lines) - top >= 6


def test_vanishing_print_states_s_to_the_n_and_the_stack():
    text = vanishing_scene.render_text(fill_defaults(vanishing_scene.PARAMS, {}))
    assert "0.5^30 = 9.313e-10" in text
    assert re.search(r"^ +10 +0\.0009765625 ", text, re.M)  # 0.5^10 = 1/1024
    assert re.search(r"^ +1 +2\.785e-07 ", text, re.M)


def test_vanishing_print_writes_the_slope_as_given_and_counts_in_words():
    near_one = vanishing_scene.render_text(
        fill_defaults(vanishing_scene.PARAMS, {"slope": 0.9999999, "links": 2000})
    )
    assert "each of slope 0.9999999:" in near_one  # not "slope 1"
    assert re.search(r"^ +1 +0\.9999999 ", near_one, re.M)
    tiny = vanishing_scene.render_text(
        fill_defaults(vanishing_scene.PARAMS, {"slope": 1e-200, "links": 2})
    )
    assert "(1e-200)^2" in tiny
    one = vanishing_scene.render_text(fill_defaults(vanishing_scene.PARAMS, {"links": 1}))
    assert one.startswith("A chain of 1 link, of slope 0.5:")


def test_gears_names_beyond_the_gears_are_reported():
    params = fill_defaults(gears_scene.PARAMS, {"ratios": [2], "labels": ["a", "b", "c", "d"]})
    ((name, message),) = gears_scene.check(params)
    assert name == "labels" and message.startswith("4 names for 2 gears")
    one = gears_scene.render_text(fill_defaults(gears_scene.PARAMS, {"ratios": [0.1]}))
    assert one.count("dy/dx = 0.1") == 1  # the one ratio is the product: said once


def test_chain_table_numbers_never_run_together():
    s = chain(links=["sin(x)", "x/1000"], at=1e6)
    for row in s.link_rows(digits=6)[1:]:
        assert len(row.split()) == 5, row  # number, link, in, out, slope: apart


def test_chain_secants_far_out_stay_narrow_enough_to_agree():
    # at x = 1e6 the widths once grew to 1e6 .. 10 and spanned whole waves of sin
    text = chain_scene.render_text(
        fill_defaults(chain_scene.PARAMS, {"links": ["sin(x)", "x/1000"], "at": 1e6})
    )
    assert "agree to" in text.rsplit("secant of the whole chain", 1)[1].split("\n\n")[0]
    assert f"{math.cos(1e6) / 1000:.10g}"[:8] in text  # the product, cos(1e6) / 1000


def test_the_stacks_ratio_keeps_its_sign():
    """With a negative weight the first layer's gradient and the last's differ in sign: the
    sentence said "1.464e-21 times the last layer's" where the ratio is -1.464e-21."""
    state = vanishing(weight=-3.0, layers=12)
    first, last = state.stack[0].gradient, state.stack[-1].gradient
    assert first * last < 0
    ratio = first / last
    assert f"{number(ratio)} times the last layer's" in state.stack_words()
    assert number(ratio).startswith("-")


def test_s_to_the_n_is_written_alike_in_the_picture_and_the_sentence():
    state = vanishing(slope=1.25, links=60)
    top = "\n".join(state.frame(80, 20).lines[:2])
    assert "s^n = 652530" in top and "1.25^60 = 652530" in top


def bar_length(state, layer: int) -> int:
    """How many cells of bar the stack view draws for `layer` at 80 columns."""
    lines = state.frame(80, 20).lines
    row = next(line for line in lines if re.match(rf" +{layer} [█ <]", line))
    return row.count("█")


def test_each_layer_passes_back_its_sigmoid_slope_times_the_weight():
    """At weight 4 a layer passes back 0.07 to 0.08 of what reaches it; the sentence said
    "at most 1" (0.25 x 4), the bound, not what happens."""
    state = vanishing(show="stack", layers=10, weight=4.0)
    layers = state.stack

    def passed_back(layer) -> float:  # d(its output) / d(its input), by the closed form
        s = 1 / (1 + math.exp(-layer.pre))
        return s * (1 - s) * 4.0

    for lower, upper in zip(layers, layers[1:], strict=False):
        assert upper.pre == pytest.approx(4.0 * lower.output)  # upper is fed lower's output
        # what reaches lower is what reached upper, passed back through upper
        before, after = lower.reaching / lower.slope, upper.reaching / upper.slope
        assert before == pytest.approx(after * passed_back(upper))
    factors = [passed_back(layer) for layer in layers]
    assert 0.07 < min(factors) < max(factors) < 0.08
    words = " ".join(state.stack_words().split())
    assert f"between {number(min(factors))} and {number(max(factors))} of what reaches it" in words
    assert "0.25 × |weight| = 1." in words


def test_turning_the_weight_moves_the_bars_on_a_scale_fixed_by_the_depth():
    """The bars' scale once ran from the smallest gradient to the largest, so at any weight the
    first layer's bar was one cell and the last's full: turning the weight changed nothing."""
    light, heavy = vanishing(show="stack", weight=1.0), vanishing(show="stack", weight=4.0)
    header = [line for line in light.frame(80, 20).lines if "log scale" in line]
    assert header == [line for line in heavy.frame(80, 20).lines if "log scale" in line]
    assert bar_length(heavy, 1) < bar_length(light, 1) / 2  # 1.5e-12 against 2.8e-7
    assert bar_length(heavy, 10) < bar_length(light, 10)  # 0.0187 against 0.148
    deeper = vanishing(show="stack", weight=1.0, layers=20)
    assert "log scale, 1e-25 to 1e0" in "\n".join(deeper.frame(80, 30).lines)
    tiny = vanishing(show="stack", weight=8.0)  # layer 1's gradient is 2.5e-27, off the scale
    assert re.search(r"^ +1 < +2\.465e-27", "\n".join(tiny.frame(80, 20).lines), re.M)
