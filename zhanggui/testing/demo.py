"""The demo shop for tests: built at a pinned "now", so its orders are the same at every run."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from zhanggui.core.demo import DemoContext, demo_build

DEMO_NOW = dt.datetime(2026, 11, 26, 2, 30, tzinfo=dt.UTC)  # 10:30 in Hangzhou, 双11 within the 90 days


def demo_build_pinned(*, size: str = "small", catalog_only: bool = False, until: str = "") -> DemoContext:
    """``demo_build`` at ``DEMO_NOW``; ``catalog_only`` stops after the catalog (staff, stores, products),
    ``until`` after the named app (``"zhanggui.orders"``: without the after-sales cases, which change
    some orders and add replacement orders).

    A catalog-only build is for tests that compare catalogs: the orders come after and cost most.
    """
    with mock.patch("zhanggui.orders.demo.demo_now", return_value=DEMO_NOW):
        return demo_build(size=size, until="zhanggui.catalog" if catalog_only else until)
