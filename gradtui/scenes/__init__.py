"""The registry of scene kinds: one module per kind, one line here per module.

What a scene module declares, and what its state does, is written once in
gradtui/scenes/contract.py. `params` handed to a scene are already checked and complete
(defaults filled in). Scene modules are imported only when a lesson uses them.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from gradtui.scenes.kit.params import Param

if TYPE_CHECKING:
    from gradtui.scenes.contract import SceneState

# kind name → module. Adding a scene = adding its module and one line here.
KINDS: dict[str, str] = {
    "plot": "gradtui.scenes.plot",
    "secant": "gradtui.scenes.secant",
    "dashboard": "gradtui.scenes.dashboard",
    "training": "gradtui.scenes.training",
    "landscape": "gradtui.scenes.landscape",
    "board": "gradtui.scenes.board",
    "field": "gradtui.scenes.field",
    "gears": "gradtui.scenes.gears",
    "chain": "gradtui.scenes.chain",
    "vanishing": "gradtui.scenes.vanishing",
    "graph": "gradtui.scenes.graph",
    "network": "gradtui.scenes.network",
}


def scene_module(kind: str) -> ModuleType:
    """The module of a scene kind (raises KeyError for an unknown kind)."""
    return importlib.import_module(KINDS[kind])


def scene_params(kind: str) -> tuple[Param, ...]:
    """The declared parameters of a scene kind."""
    return scene_module(kind).PARAMS


def function_param(kind: str) -> Param | None:
    """The expression parameter a learner may retype in a scene of this kind (`e`), if any."""
    module = scene_module(kind)
    name = getattr(module, "FUNCTION", None)
    return next((p for p in module.PARAMS if p.name == name), None) if name else None


def cross_check(kind: str, params: dict) -> list[tuple[str, str]]:
    """Problems that span several parameters, as (parameter name, message); [] when none."""
    check = getattr(scene_module(kind), "check", None)
    return list(check(params)) if check is not None else []


def state_with_function(kind: str, params: dict, text: str) -> SceneState:
    """A fresh state of `kind` drawn from the learner's own function `text` in place of the
    lesson's (`e` in the app, `f x^3` in the line-mode reader), read by the same safe parser
    as lesson files. Raises ExprError when the text does not read, and whatever the scene
    raises when it cannot draw that function; ValueError for a kind with no function."""
    from gradtui.scenes.kit.params import read_expression

    param = function_param(kind)
    if param is None:
        raise ValueError("this scene is not drawn from a function you can change")
    read_expression(param, text)
    return scene_module(kind).State({**params, param.name: text})
