"""What every part of the suite may ask for: the work of the autodiff, priced."""

from __future__ import annotations

import sys

import pytest

from gradtui.calculus import autodiff
from gradtui.scenes.kit import cost as units


@pytest.fixture
def priced_passes(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Price every forward pass of the autodiff from now on (what each evaluation of an
    expression, a model or a loss runs) in the units of gradtui/scenes/kit/cost.py: the list
    fills with one price per pass, wherever in gradtui the pass is called from."""
    priced: list[float] = []
    original = autodiff.forward

    def priced_forward(order, inputs):
        size = max((getattr(value, "size", 1) for value in inputs.values()), default=1)
        priced.append(units.pass_seconds(len(order), size))
        return original(order, inputs)

    for name, module in list(sys.modules.items()):
        if name.startswith("gradtui.") and getattr(module, "forward", None) is original:
            monkeypatch.setattr(module, "forward", priced_forward)
    return priced
