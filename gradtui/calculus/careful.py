"""The fine print of the autodiff core: slopes that keep their digits, and batch bookkeeping.

tanh's and sigmoid's slopes, and sigmoid itself, are written so they keep their digits far from 0.

The textbook forms cancel: 1 - tanh(a)**2 is 1 - (nearly 1) far out, and tanh'(20) came out 0;
s * (1 - s) gave sigmoid'(40) = 0 (it is 4.25e-18), and exp(-a) overflows for large negative a.
The forms here never overflow and stay normal floats as long as the true answer is one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_LN4 = 1.3862943611198906  # log(4)


def tanh_slope(a: Any) -> Any:
    """1 / cosh(a)**2, as 4 t / (1 + t)**2 with t = exp(-2|a|) <= 1.

    4 t is computed as exp(ln 4 - 2|a|), so it stays normal as long as the slope does (t alone
    would go subnormal first and lose digits).
    """
    twice = 2.0 * np.abs(a)
    t = np.exp(-twice)
    return np.exp(_LN4 - twice) / ((1.0 + t) * (1.0 + t))


def sigmoid(a: Any) -> Any:
    """1 / (1 + exp(-a)), via e = exp(-|a|) <= 1: 1/(1+e) for a >= 0, e/(1+e) below 0."""
    e = np.exp(-np.abs(a))
    out = np.where(np.asarray(a) >= 0, 1.0, e) / (1.0 + e)
    return out[()]  # a number stays a number; an array stays an array


def sigmoid_slope(a: Any) -> Any:
    """s * (1 - s), as e / (1 + e)**2 with e = exp(-|a|): at most 1/4, at a = 0."""
    e = np.exp(-np.abs(a))
    return e / ((1.0 + e) * (1.0 + e))


def sum_to_shape(share: Any, like: Any) -> Any:
    """`share` added up over the axes that broadcasting spread a value shaped like `like`
    across (a weight used at every point of a batch gets the sum of the points' shares)."""
    dims = getattr(like, "ndim", 0)
    if getattr(share, "ndim", 0) <= dims:
        return share
    if dims == 0:
        return share.sum()
    total = share.sum(axis=tuple(range(share.ndim - dims)))
    stretched = tuple(i for i, n in enumerate(like.shape) if n == 1 and total.shape[i] != 1)
    return total.sum(axis=stretched, keepdims=True) if stretched else total
