"""The demo shop: each context contributes its part through ``<app>/demo.py:build(ctx)``.

Deterministic (a seeded random generator) and idempotent (each builder upserts by natural keys),
so ``make run`` can load it on every start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.db import transaction

SIZES = {"small": 1, "medium": 5, "large": 25}

# Order matters: later builders use what earlier ones made.
BUILDERS = ["zhanggui.accounts.demo", "zhanggui.stores.demo", "zhanggui.catalog.demo", "zhanggui.orders.demo"]

DEMO_PASSWORD = "zhanggui-demo"  # noqa: S105 - demo data only; printed by `make run`


@dataclass
class DemoContext:
    size: str
    scale: int
    rng: random.Random
    made: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


def demo_build(*, size: str = "small", seed: int = 20261126) -> DemoContext:
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    ctx = DemoContext(size=size, scale=SIZES[size], rng=random.Random(seed))
    for name in BUILDERS:
        with transaction.atomic():
            import_module(name).build(ctx)
    return ctx
