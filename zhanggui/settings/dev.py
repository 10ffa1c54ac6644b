"""Local development and `make run`: the embedded defaults."""

from .base import *  # noqa: F403
