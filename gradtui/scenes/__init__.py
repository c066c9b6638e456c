"""The registry of scene kinds: one module per kind, one line here per module.

A scene module (gradtui/scenes/<kind>.py) never imports Textual. It declares:

- `SUMMARY`: one line saying what the scene shows (for docs and `gradtui check` messages);
- `PARAMS`: a tuple of `gradtui.script.params.Param`, the parameters a lesson may set;
- `render_text(params, ascii) -> str`: the scene as plain text for `gradtui print`
  (a text plot and its numbers; no escape sequences);
- `VIEW`: "module:Class" of its Textual widget in gradtui/views/, imported only when shown.

`params` handed to a scene are already checked and complete (defaults filled in).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from gradtui.script.params import Param

# kind name → module. Adding a scene = adding its module and one line here.
KINDS: dict[str, str] = {
    "plot": "gradtui.scenes.plot",
    "secant": "gradtui.scenes.secant",
    "dashboard": "gradtui.scenes.dashboard",
    "training": "gradtui.scenes.training",
    "landscape": "gradtui.scenes.landscape",
}


def scene_module(kind: str) -> ModuleType:
    """The module of a scene kind (raises KeyError for an unknown kind)."""
    return importlib.import_module(KINDS[kind])


def scene_params(kind: str) -> tuple[Param, ...]:
    """The declared parameters of a scene kind."""
    return scene_module(kind).PARAMS


def scene_view_class(kind: str) -> type:
    """The Textual widget class that shows a scene kind (imports Textual)."""
    module_name, _, class_name = scene_module(kind).VIEW.partition(":")
    return getattr(importlib.import_module(module_name), class_name)
