"""Schemas of the blacklist API (黑名单) (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from zhanggui.core.api import Id
from zhanggui.core.pii import mask_phone


class BlacklistEntryOut(Schema):
    """A buyer a store holds every paid order of for review, with why."""

    id: int
    store_id: int
    nickname: str = Field(description="The buyer's platform nickname (买家会员名), or empty.")
    phone: str = Field(description="The phone number, masked; or empty.")
    reason: str
    created_by: str = Field(description="Who added the entry.")
    created_at: dt.datetime

    @staticmethod
    def resolve_phone(obj: Any) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return obj.created_by.username


class BlacklistFilters(Schema):
    store: Id | None = None
    keyword: str | None = Field(None, max_length=80, description="Part of a nickname, or a phone number's digits.")


class BlacklistEntryIn(Schema):
    """Give a nickname, a phone number, or both."""

    store_id: Id
    nickname: str = Field("", max_length=80)
    phone: str = Field("", max_length=20)
    reason: str = Field(min_length=1, max_length=200, description="Why; shown to the clerk reviewing the order.")


class RemoveIn(Schema):
    reason: str = Field(min_length=1, max_length=500, description="Why; kept in the audit log.")
