"""The demo shop: each context contributes its part through ``<app>/demo:build(ctx)``.

Deterministic (a seeded random generator) and idempotent (each builder upserts by natural keys),
so ``make run`` can load it on every start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from .registry import contributing_modules

SIZES = {"small": 1, "medium": 5, "large": 25}

DEMO_PASSWORD = "zhanggui-demo"  # noqa: S105 - demo data only; printed by `make run`


@dataclass
class DemoContext:
    size: str
    scale: int
    rng: random.Random
    made: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


def demo_build(*, size: str = "small", seed: int = 20261126, until: str = "") -> DemoContext:
    """Build (or refresh) the demo shop; ``until`` names the app (``"zhanggui.catalog"``) whose part is
    built last, for tests that need only the contexts up to it."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    ctx = DemoContext(size=size, scale=SIZES[size], rng=random.Random(seed))
    # In INSTALLED_APPS order: later builders use what earlier ones made (orders need stores…).
    for module in contributing_modules("demo"):
        build = getattr(module, "build", None)
        if build is not None:
            with transaction.atomic():
                build(ctx)
        if until and module.__name__.startswith(until + "."):
            break
    return ctx
