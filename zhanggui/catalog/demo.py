"""Demo data for this context (filled in by the context's demo builder)."""

from __future__ import annotations

from typing import Any


def build(ctx: Any) -> None:
    return None
