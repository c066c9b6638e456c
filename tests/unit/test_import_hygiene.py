"""The core imports without Textual: the math and lesson-script layers stay usable on their own."""

from __future__ import annotations

import json
import subprocess
import sys

from gradtui.scenes import KINDS

# Modules that must never pull in Textual. Extend this list as the core grows.
CORE_MODULES = [
    "gradtui.calculus.expr",
    "gradtui.calculus.autodiff",
    "gradtui.calculus.numeric",
    "gradtui.calculus.descent",
    "gradtui.calculus.models",
    "gradtui.calculus.data",
    "gradtui.calculus.training_loop",
    "gradtui.scenes.kit.params",
    "gradtui.script.model",
    "gradtui.script.parse",
    "gradtui.script.validate",
    "gradtui.script.catalog",
    "gradtui.scenes",
    *KINDS.values(),  # every scene module: parameters, state and text, no widgets
    "gradtui.scenes.kit.plots",
    "gradtui.prose",
    "gradtui.textsafe",
    "gradtui.textmode",
    "gradtui.grading",
    "gradtui.course",
    "gradtui.session",
    "gradtui.scenes.live",
    "gradtui.progress",
    "gradtui.commands.check",
    "gradtui.commands.grad",
    "gradtui.commands.print_lesson",
    "gradtui.commands.plain",
    "gradtui.commands.class_view",
    "gradtui.commands.learners",
]

# One fresh interpreter imports the modules one by one and reports, for each, whether
# Textual was loaded by then -- so the first module to leak it is named.
_PROBE = """
import importlib, json, sys
report = {}
for name in sys.argv[1:]:
    importlib.import_module(name)
    report[name] = "textual" in sys.modules
print(json.dumps(report))
"""


def test_core_modules_do_not_import_textual():
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *CORE_MODULES],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(result.stdout)
    leaking = [name for name in CORE_MODULES if report[name]]
    assert leaking == [], f"imported textual: {leaking[0] if leaking else ''}"
    assert set(report) == set(CORE_MODULES)
