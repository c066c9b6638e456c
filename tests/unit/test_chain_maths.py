"""The chain rule's numbers (gradtui.calculus.chain) against independent computations: gear
turns by hand, the product of local slopes against closed-form derivatives and finite
differences of the composition, s**n against exact powers of two, and the sigmoid stack's
autodiff gradients against a plain numpy forward pass, the closed form s(1 - s) and finite
differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradtui.calculus.chain import (
    SIGMOID_MAX_SLOPE,
    chain_power,
    composition,
    gear_turns,
    overall_ratio,
    power_exponents,
    read_chain,
    secant_slope_of_chain,
    sigmoid_stack,
    slope_product,
)
from gradtui.calculus.expr import parse


def links(*texts: str):
    return [parse(text, variables=("x",)) for text in texts]


# --- gears ----------------------------------------------------------------------------------


def test_gear_turns_follow_the_seed_guides_gears():
    # big -> medium 2 turns per turn, medium -> small 3: one big turn is 6 small turns
    assert gear_turns([2, 3], 1) == [1, 2, 6]
    assert gear_turns([3, 2], 0.25) == [0.25, 0.75, 1.5]
    assert overall_ratio([2, 3]) == 6
    assert overall_ratio([4, 2.5]) == 10


def test_the_last_gear_turns_by_the_product_of_every_ratio():
    rng = np.random.default_rng(3)
    for _ in range(20):
        ratios = rng.uniform(0.1, 10, size=rng.integers(1, 5)).tolist()
        first = float(rng.uniform(-5, 5))
        turns = gear_turns(ratios, first)
        by_hand = first
        for ratio in ratios:
            by_hand *= ratio
        assert turns[-1] == pytest.approx(by_hand, rel=1e-12)
        assert turns[-1] == pytest.approx(first * overall_ratio(ratios), rel=1e-12)


# --- a chain of functions -------------------------------------------------------------------


def test_sin_of_x_squared_reads_each_link_at_its_own_input():
    first, second = read_chain(links("x^2", "sin(x)"), 1.5)
    assert (first.input, first.output, first.slope) == (1.5, 2.25, 3.0)
    assert second.input == 2.25
    assert second.output == pytest.approx(math.sin(2.25), abs=1e-15)
    assert second.slope == pytest.approx(math.cos(2.25), abs=1e-15)


@pytest.mark.parametrize(
    ("texts", "x", "exact"),
    [
        (("x^2", "sin(x)"), 1.0, 2 * math.cos(1.0)),  # d/dx sin(x^2) = 2x cos(x^2)
        (("3*x", "x^2"), 1.0, 18.0),  # (3x)^2 = 9x^2
        (("sin(x)", "exp(x)", "x^3"), 0.7, 3 * math.exp(3 * math.sin(0.7)) * math.cos(0.7)),
        (("x^2", "exp(x)"), 0.0, 0.0),  # a flat first link
        (
            ("tanh(x)", "2*x + 1", "log(x)"),
            0.3,
            2 * (1 - math.tanh(0.3) ** 2) / (2 * math.tanh(0.3) + 1),
        ),  # fmt: skip
    ],
)
def test_the_product_of_local_slopes_is_the_slope_of_the_whole(texts, x, exact):
    readings = read_chain(links(*texts), x)
    assert slope_product(readings) == pytest.approx(exact, rel=1e-12, abs=1e-15)


def test_the_product_agrees_with_finite_differences_of_the_composition():
    rng = np.random.default_rng(7)
    pool = ["x^2", "sin(x)", "exp(x/3)", "tanh(x)", "x^3 - x", "1/(1 + x^2)", "sqrt(x^2 + 1)"]
    for _ in range(30):
        texts = list(rng.choice(pool, size=rng.integers(1, 6)))
        chain = links(*texts)
        x = float(rng.uniform(-1.5, 1.5))
        whole = composition(chain)
        h = 1e-5
        numeric = (whole(x + h) - whole(x - h)) / (2 * h)  # written out: independent of the code
        product = slope_product(read_chain(chain, x))
        assert product == pytest.approx(numeric, rel=1e-6, abs=1e-8), (texts, x)


def test_the_secant_of_the_whole_closes_in_on_the_product_as_h_shrinks():
    chain = links("x^2", "sin(x)")
    whole = composition(chain)
    exact = 2 * math.cos(1.0)
    errors = [abs(secant_slope_of_chain(whole, 1.0, h) - exact) for h in (0.1, 0.01, 0.001)]
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-5
    assert secant_slope_of_chain(whole, 1.0, 0.1) == pytest.approx(
        (math.sin(1.1**2) - math.sin(0.9**2)) / 0.2, rel=1e-14
    )


def test_composition_works_on_arrays_and_constant_links():
    whole = composition(links("x + 1", "3", "x^2"))
    assert whole(2.0) == 9.0
    assert np.array_equal(whole(np.array([0.0, 5.0])), np.array([9.0, 9.0]))
    readings = read_chain(links("x + 1", "3", "x^2"), 2.0)
    assert [r.slope for r in readings] == [1.0, 0.0, 6.0]
    assert slope_product(readings) == 0.0


def test_a_link_undefined_at_its_input_passes_nan_on():
    readings = read_chain(links("x - 2", "log(x)", "sqrt(x)"), 1.0)
    assert readings[0].defined and readings[0].output == -1.0
    assert not readings[1].defined and math.isnan(readings[1].output)
    assert math.isnan(readings[2].input) and math.isnan(readings[2].slope)
    assert math.isnan(slope_product(readings))


# --- s ** n ---------------------------------------------------------------------------------


def test_powers_of_one_half_and_one_quarter_are_exact():
    p = chain_power(0.5, 30)
    assert p.value == 2.0**-30 and p.trend == "vanishes"
    assert p.log10 == pytest.approx(-30 * math.log10(2), rel=1e-15)
    assert chain_power(0.25, 10).value == 9.5367431640625e-07  # 1 / 4**10 = 1 / 1048576
    assert chain_power(1.5, 30).value == pytest.approx(191751.0592328, rel=1e-12)
    assert chain_power(1.5, 30).trend == "explodes"
    assert chain_power(1.0, 2000).value == 1.0 and chain_power(-1.0, 3).trend == "stays"


def test_a_power_too_small_or_too_large_for_a_float_keeps_its_size():
    tiny = chain_power(0.5, 2000)
    assert tiny.value == 0.0 and tiny.underflows and not tiny.overflows
    assert tiny.log10 == pytest.approx(-2000 * 0.30102999566398120, rel=1e-14)  # ~ -602.06
    huge = chain_power(10.0, 400)
    assert math.isinf(huge.value) and huge.overflows and huge.log10 == pytest.approx(400.0)
    zero = chain_power(0.0, 5)
    assert zero.value == 0.0 and not zero.underflows and zero.log10 == -math.inf


def test_a_negative_slope_flips_the_sign_each_link():
    assert chain_power(-0.5, 3).value == -0.125
    assert chain_power(-0.5, 4).value == 0.0625
    assert chain_power(-0.5, 4).log10 == pytest.approx(math.log10(0.0625))


def test_power_exponents_are_a_straight_line_on_a_log_scale():
    ys = power_exponents(0.5, 10)
    assert len(ys) == 11 and ys[0] == 0.0
    assert np.allclose(ys, [math.log10(0.5**k) for k in range(11)], rtol=1e-14)
    assert power_exponents(0.0, 3).tolist() == [0.0, -math.inf, -math.inf, -math.inf]


# --- the sigmoid stack ----------------------------------------------------------------------


def numpy_stack(weights: list[float], x: float) -> list[float]:
    """Each layer's output, computed plainly with numpy (no autodiff)."""
    outputs, value = [], x
    for w in weights:
        value = 1.0 / (1.0 + np.exp(-w * value))
        outputs.append(float(value))
    return outputs


@pytest.mark.parametrize(("layers", "weight", "x"), [(10, 1.0, 1.0), (5, 2.5, -0.3), (1, -1, 4)])
def test_sigmoid_stack_gradients_match_the_closed_form(layers, weight, x):
    rows = sigmoid_stack(layers, weight, x)
    outputs = numpy_stack([weight] * layers, x)
    inputs = [x, *outputs[:-1]]
    slopes = [s * (1 - s) for s in outputs]  # sigmoid'(z) = s(1 - s)
    for k, row in enumerate(rows):
        assert row.output == pytest.approx(outputs[k], rel=1e-14)
        assert row.pre == pytest.approx(weight * inputs[k], rel=1e-14)
        assert row.slope == pytest.approx(slopes[k], rel=1e-12)
        assert row.slope <= SIGMOID_MAX_SLOPE
        # d out / d w_k = (layer k's input) * s'(z_k) * product over later layers of w s'(z_j)
        later = math.prod(weight * slopes[j] for j in range(k + 1, layers))
        assert row.gradient == pytest.approx(inputs[k] * slopes[k] * later, rel=1e-10)
        assert row.reaching == pytest.approx(slopes[k] * later, rel=1e-10)


def test_sigmoid_stack_gradients_match_finite_differences():
    layers, weight, x = 6, 1.5, 0.8
    rows = sigmoid_stack(layers, weight, x)
    h = 1e-6
    for k in range(layers):
        up = [weight] * layers
        down = [weight] * layers
        up[k] += h
        down[k] -= h
        numeric = (numpy_stack(up, x)[-1] - numpy_stack(down, x)[-1]) / (2 * h)
        assert rows[k].gradient == pytest.approx(numeric, rel=1e-6)


def test_ten_sigmoid_layers_leave_the_first_a_tiny_gradient():
    rows = sigmoid_stack(10, 1.0, 1.0)
    gradients = [row.gradient for row in rows]
    assert gradients == sorted(gradients)  # each layer back gets less
    assert gradients[0] < 0.25**10 * 1.0  # below the bound: nine slopes under 1/4, input 1
    assert gradients[0] / gradients[-1] < 1e-5


def test_a_deep_stack_is_safe_and_underflows_quietly():
    rows = sigmoid_stack(100, 1.0, 1.0)
    assert len(rows) == 100 and rows[0].gradient < 1e-60
    assert all(math.isfinite(row.gradient) for row in rows)
