"""The learning-rate control several scenes share: ↑ doubles it, ↓ halves it, within limits."""

from __future__ import annotations

from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.params import within

LEARNING_RATE_LIMITS = (1e-6, 100.0)

RATE_KEYS = (Key("up", "faster", "lr x2"), Key("down", "slower", "lr /2"))
"""The keys that turn the learning rate; a scene with them has `faster` and `slower` methods."""


def clamped(rate: float) -> float:
    """A learning rate kept within `LEARNING_RATE_LIMITS`."""
    low, high = LEARNING_RATE_LIMITS
    return min(max(float(rate), low), high)


def doubled(rate: float) -> float:
    return clamped(rate * 2)


def halved(rate: float) -> float:
    return clamped(rate / 2)


def typed(rate: float) -> float:
    """A learning rate the learner typed (`set lr 0.01`): refused, in words, outside the limits."""
    low, high = LEARNING_RATE_LIMITS
    return within("lr", rate, low, high)
