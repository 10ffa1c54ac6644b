"""Schemas of the store ratings API (评价) and its webhook (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from zhanggui.core.api import Id, IsoDate

from ...services.ratings import RatingData


class RatingFields(Schema):
    """A rating as the platform reports it."""

    platform_rating_id: str = Field(..., max_length=40, description="The platform's rating number (评价编号)")
    platform_order_id: str = Field("", max_length=40, description="The order rated (订单编号), if known")
    buyer_nickname: str = Field("", max_length=80)
    rating: int = Field(..., ge=1, le=5, description="Stars, 1 to 5")
    text: str = Field("", max_length=2000)
    product_title: str = Field("", max_length=200)
    rated_at: AwareDatetime

    def as_data(self) -> RatingData:
        return RatingData(**self.model_dump(exclude={"store_id"}))


class RatingIn(RatingFields):
    store_id: Id


class RatingOut(Schema):
    id: int
    store_id: int
    store_name: str
    platform_rating_id: str
    order_id: int | None
    platform_order_id: str | None
    buyer_nickname: str
    rating: int
    text: str
    product_title: str
    rated_at: dt.datetime

    @staticmethod
    def resolve_store_name(obj: Any) -> str:
        return obj.store.name

    @staticmethod
    def resolve_platform_order_id(obj: Any) -> str | None:
        return obj.order.platform_order_id if obj.order_id else None


class RatingFilters(Schema):
    store: Id | None = None
    rating: int | None = Field(None, ge=1, le=5, description="Exactly this many stars")
    rating_max: int | None = Field(None, ge=1, le=5, description="At most this many stars")
    rated_from: IsoDate | None = None
    rated_to: IsoDate | None = None
    keyword: str | None = Field(None, max_length=100)
