"""The catalog's cards on the home page: stock running out, and what is listed in each store.

Each figure is the count of the list its link opens, read through the same selector and filter.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhanggui.core.actors import Actor
from zhanggui.core.widgets import FIGURES_TEMPLATE, Figure, HomeWidget

from .models import ListingStatus
from .selectors import listing_counts, low_stock_list, sku_list

OPERATIONS = frozenset({"operator"})


def _url(name: str, **query: Any) -> str:
    return reverse(name) + ("?" + urlencode(query) if query else "")


def stock_card(user: Actor) -> dict[str, Any]:
    """Stock rows at or below their threshold, and listed SKUs with nothing left to sell."""
    low = low_stock_list(user=user).count()
    sold_out = sku_list(user=user, filters={"status": ListingStatus.ONLINE, "sold_out": True}).count()
    figures = [
        Figure("low_stock", _("Low-stock items"), low, _url("catalog:low_stock"), alert=True),
        Figure(
            "sold_out",
            _("Listed SKUs sold out"),
            sold_out,
            _url("catalog:sku_list", status=ListingStatus.ONLINE, sold_out="on"),
            alert=True,
        ),
    ]
    return {"figures": figures, "todo": low + sold_out}


def listings_card(user: Actor) -> dict[str, Any] | None:
    """Products listed and delisted in each of the user's stores, each count opening those products."""
    stores = listing_counts(user=user)
    if not stores:
        return None
    rows = [
        {
            **counts,
            "listed_url": _url("catalog:product_list", store=counts["store"].pk, status=ListingStatus.ONLINE),
            "delisted_url": _url("catalog:product_list", store=counts["store"].pk, status=ListingStatus.OFFLINE),
        }
        for counts in stores
    ]
    return {"rows": rows}


WIDGETS = [
    HomeWidget(
        "catalog.stock",
        _("Stock to replenish"),
        "catalog.stock",
        FIGURES_TEMPLATE,
        stock_card,
        order=200,
        roles=OPERATIONS,
    ),
    HomeWidget(
        "catalog.listings",
        _("Listings"),
        "catalog.listing",
        "catalog/home/listings.html",
        listings_card,
        order=210,
        roles=OPERATIONS,
    ),
]
