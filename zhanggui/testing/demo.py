"""The demo shop for tests: built at a pinned "now", so its orders are the same at every run."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from zhanggui.core import demo
from zhanggui.core.demo import DemoContext, demo_build

DEMO_NOW = dt.datetime(2026, 11, 26, 2, 30, tzinfo=dt.UTC)  # 10:30 in Hangzhou, 双11 within the 90 days
CATALOG_BUILDER = "zhanggui.catalog.demo"


def demo_build_pinned(*, size: str = "small", catalog_only: bool = False) -> DemoContext:
    """``demo_build`` at ``DEMO_NOW``; ``catalog_only`` stops after the catalog (staff, stores, products).

    A catalog-only build is for tests that compare catalogs: the orders come after and cost most.
    """
    builders = demo.BUILDERS[: demo.BUILDERS.index(CATALOG_BUILDER) + 1] if catalog_only else demo.BUILDERS
    with (
        mock.patch("zhanggui.orders.demo.demo_now", return_value=DEMO_NOW),
        mock.patch.object(demo, "BUILDERS", builders),
    ):
        return demo_build(size=size)
