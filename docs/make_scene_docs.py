"""Regenerate the scene reference in docs/lesson-format.md from the scene registry.

Run `python docs/make_scene_docs.py` after adding or changing a scene kind or a parameter;
`python docs/make_scene_docs.py --check` only says whether the file is current (exit 1 if not).
"""

from __future__ import annotations

import sys
from pathlib import Path

from gradtui.script.catalog import DOCS_BEGIN, DOCS_END, scene_docs_section

DOC = Path(__file__).resolve().with_name("lesson-format.md")


def updated(text: str) -> str:
    """`text` with the part between the markers replaced by the current reference."""
    start = text.index(DOCS_BEGIN)
    end = text.index(DOCS_END, start) + len(DOCS_END)
    return text[:start] + scene_docs_section() + text[end:]


def main(argv: list[str]) -> int:
    text = DOC.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in argv:
        current = new == text
        print(f"{DOC.name} is {'current' if current else 'out of date'}")
        return 0 if current else 1
    if new != text:
        DOC.write_text(new, encoding="utf-8")
        print(f"updated {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
