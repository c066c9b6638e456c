"""gradtui run with Textual's own driver, which repaints every cell of a frame: the yardstick
for what gradtui.output saves, measured in the same run. Takes the same arguments as `gradtui`.

    python benchmarks/textual_driver.py 1      # lesson 1, every frame sent whole
"""

from __future__ import annotations

import sys

from textual.app import App

from gradtui.app import GradApp
from gradtui.cli import main

if __name__ == "__main__":
    GradApp.get_driver_class = App.get_driver_class  # Textual's choice, not its light form
    sys.exit(main())
