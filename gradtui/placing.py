"""Where saved records belong in a lesson whose steps moved: `place` sends each record (a
check's outcome, a typed function) to the step that now holds its check or scene, found by
their identity (gradtui.script.model.identity), and keeps the rest aside. Plain data only;
gradtui.progress uses it. Never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

MAX_STEP = 10_000  # no lesson has more steps (the script format allows 200)


def place(
    records: list[tuple[Any, dict[str, Any]]],
    identities: Mapping[int, str],
    identity_of: Callable[[dict[str, Any]], Any],
) -> tuple[dict[int, dict[str, Any]], list[tuple[int | None, dict[str, Any]]]]:
    """Where each saved record (`(step saved at, record)`) belongs in a lesson whose steps
    holding a check (or a scene) have `identities` now: (records by the step they belong to,
    the rest with the step they were saved at). A record goes to the step whose identity is its
    own (records of the same identity fill its steps in order); one saved before identities
    were kept (none) stays at its step number when that step has one and no record of its own;
    every other record is left over, never dropped. Records left over keep no "step" field."""
    wanted: dict[str, list[int]] = {}
    for step in sorted(identities):
        wanted.setdefault(identities[step], []).append(step)
    fitted: dict[int, dict[str, Any]] = {}
    left: list[tuple[int | None, dict[str, Any]]] = []
    old: list[tuple[int | None, dict[str, Any]]] = []
    records = [(step_number(step), without_step(record)) for step, record in records]
    for step, record in sorted(records, key=lambda pair: (pair[0] is None, pair[0] or 0)):
        identity = identity_of(record)
        free = wanted.get(identity) if isinstance(identity, str) and identity else None
        if free:
            fitted[free.pop(0)] = record
        elif identity:
            left.append((step, record))
        else:
            old.append((step, record))
    for step, record in old:
        if step in identities and step not in fitted:
            fitted[step] = record
        else:
            left.append((step, record))
    return fitted, left


def step_number(step: Any) -> int | None:
    """A step number as saved ("3" as a key, 3 in a record kept aside), or None."""
    if isinstance(step, str) and step.isdigit():
        step = int(step)
    if isinstance(step, bool) or not isinstance(step, int):
        return None
    return step if 1 <= step <= MAX_STEP else None


def without_step(record: dict[str, Any]) -> dict[str, Any]:
    """A record kept aside, less the step it was saved at (placed, its step is its key)."""
    return {name: value for name, value in record.items() if name != "step"}
