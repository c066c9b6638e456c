"""A scene's moves as typed words, for learners who type rather than press keys (the line-mode
reader, `gradtui --plain`): read from the same `Key` data the key bar shows, so every scene kind,
present and future, gets them with nothing more to write.

A move is run by its words ("shrink h"), its method's name ("shrink"), or any of their words that
single it out ("move right" in a scene whose `move` key says "x right"). Names of numbers the
state can set (`SceneState.settings`) are listed too. Never imports Textual.
"""

from __future__ import annotations

import re
from typing import Any

from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.numbers import in_words

_SPLIT = re.compile(r"[\s/]+")


def words_of(text: str) -> list[str]:
    """The words of a phrase, lower case, split at spaces and slashes ("play/stop": play, stop)."""
    return [word for word in _SPLIT.split(text.casefold()) if word]


def names_of(key: Key) -> set[str]:
    """Every word a learner may use for `key`: its words and its method's name, whole and in
    parts ("toggle_play": toggle_play, toggle, play)."""
    method = key.method.casefold()
    return {*words_of(key.words), method, *method.split("_")}


def matching_moves(keys: tuple[Key, ...], typed: str) -> list[Key]:
    """The keys that `typed` names: those whose words or method it says exactly, else those
    that have every word typed. Several means the words were not enough to choose."""
    phrase = " ".join(words_of(typed))
    if not phrase:
        return []
    exact = [
        key
        for key in keys
        if phrase
        in (" ".join(words_of(key.words)), key.method.casefold(), key.method.replace("_", " "))
    ]
    if exact:
        return exact
    wanted = set(phrase.split())
    return [key for key in keys if wanted <= names_of(key)]


def run_move(state: Any, key: Key) -> None:
    """Make the move, as the key would."""
    getattr(state, key.method)(*key.args)


def play_move(keys: tuple[Key, ...]) -> Key | None:
    """The key that starts the scene's animation (the one whose words or method say "play")."""
    return next((key for key in keys if "play" in names_of(key)), None)


def move_list(keys: tuple[Key, ...], state: Any) -> list[str]:
    """The moves of a scene in words, one a line: what to type and what it does."""
    lines = []
    for key in keys:
        method = key.method.replace("_", " ")
        alone = matching_moves(keys, method) == [key]  # the method's name alone runs it too
        also = f" (or: {method})" if alone and method != " ".join(words_of(key.words)) else ""
        lines.append(f"{key.words}{also}")
    for name, value in state.settings().items():
        lines.append(f"set {name} VALUE, or nudge {name} CHANGE ({name} is {in_words(value)} now)")
    return lines
