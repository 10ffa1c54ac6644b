"""Schemas of the conversations API (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from zhanggui.core.api import COUNT_CAPPED_DESCRIPTION, COUNT_DESCRIPTION, Id, IsoDate
from zhanggui.core.pii import masked

ChannelCode = Literal["taobao", "jd", "pdd", "douyin", "web", "phone", "email"]
StatusCode = Literal["queued", "open", "resolved", "closed"]
IntentCode = Literal["product", "size", "shipping", "address", "return", "complaint", "invoice", "promotion"]
CHANNEL_HELP = "千牛 taobao, 咚咚 jd, pdd, douyin, 网站 web, 电话 phone, 邮件 email"


class ConversationFilters(Schema):
    """Narrow the list; every filter is optional."""

    status: Literal["active", "queued", "open", "resolved", "closed"] | None = Field(
        None, description="A status, or ``active`` (waiting or in progress: most urgent, longest waiting first)."
    )
    mine: bool | None = Field(None, description="Only conversations you hold.")
    unassigned: bool | None = Field(None, description="Only conversations nobody holds.")
    store: Id | None = None
    channel: ChannelCode | None = Field(None, description=CHANNEL_HELP)
    group: Id | None = None
    intent: IntentCode | None = None
    priority: Literal[0, 1, 2] | None = Field(None, description="0 normal, 1 high, 2 urgent.")
    q: str | None = Field(None, max_length=80, description="Buyer nickname (contains), order number, or message words.")
    started_from: IsoDate | None = Field(None, description="Started on or after this day.")
    started_to: IsoDate | None = Field(None, description="Started on or before this day.")

    def selector_filters(self) -> dict[str, Any]:
        return {name: value for name, value in self.dict().items() if value not in (None, False, "")}


class ContactBriefOut(Schema):
    id: int
    nickname: str = Field(description="The buyer's nickname (买家昵称).")


class ConversationOut(Schema):
    """A conversation as listed: who, where, its state and the last word."""

    id: int
    store_id: int
    channel: ChannelCode
    status: StatusCode
    group_id: int | None
    assignee_id: int | None
    priority: int = Field(description="0 normal, 1 high, 2 urgent.")
    intent: str = Field(description="What the buyer's last message is about; empty before any.")
    order_number: str = Field(description="The order the conversation is about; empty when none.")
    contact: ContactBriefOut
    created_at: dt.datetime
    waiting_since: dt.datetime | None = Field(description="Since when the buyer waits for an answer.")
    first_response_at: dt.datetime | None
    last_message_at: dt.datetime
    last_message_preview: str
    resolved_at: dt.datetime | None

    @staticmethod
    def resolve_order_number(obj: Any) -> str:
        return obj.order.platform_order_id if obj.order_id else ""


class ConversationPageOut(Schema):
    """One page of conversations: ``?page=1&page_size=50`` (max 200)."""

    count: int = Field(description=COUNT_DESCRIPTION)
    count_capped: bool = Field(description=COUNT_CAPPED_DESCRIPTION)
    page: int
    page_size: int
    items: list[ConversationOut]


class ContactNoteOut(Schema):
    id: int
    body: str
    author_id: int | None
    created_at: dt.datetime


class ContactOut(Schema):
    """The buyer, phone and email masked (reveal them through the personal-data API)."""

    id: int
    nickname: str
    phone: str = Field(description="Masked: 138****1234.")
    email: str = Field(description="Masked: l********g@qq.com.")
    tags: list[str]
    buyer_id: int | None = Field(description="The orders context's buyer, once recognised.")
    notes: list[ContactNoteOut]

    @staticmethod
    def resolve_phone(obj: Any) -> str:
        return masked(obj, "phone")

    @staticmethod
    def resolve_email(obj: Any) -> str:
        return masked(obj, "email")

    @staticmethod
    def resolve_notes(obj: Any) -> list[Any]:
        return list(obj.notes.all())


class ConversationDetailOut(ConversationOut):
    """A conversation with its buyer (masked) and their notes."""

    contact: ContactOut  # type: ignore[assignment]


class MessageOut(Schema):
    id: int
    sender_kind: Literal["buyer", "agent", "system"]
    sender_staff_id: int | None
    kind: Literal["text", "image", "product", "order", "tracking", "note", "call", "email"]
    body: str
    payload: dict[str, Any]
    has_image: bool
    intent: str
    created_at: dt.datetime
    is_internal: bool = Field(description="An internal note: staff only, never sent to the buyer.")

    @staticmethod
    def resolve_has_image(obj: Any) -> bool:
        return bool(obj.image_name)


class MessagesOut(Schema):
    """A page of the thread, oldest first."""

    items: list[MessageOut]


class MessagePaging(Schema):
    after: Id | None = Field(None, description="Every message after this id (catching up).")
    before: Id | None = Field(None, description="The 50 messages before this id (scrolling back).")


class ReplyIn(Schema):
    """A text answer. Cards are built from the database by their own routes, never from a caller's
    facts (a card says what an order or a product really is)."""

    body: str = Field(max_length=2000, description="The text.")


class NoteIn(Schema):
    body: str = Field(max_length=2000)


class TagsIn(Schema):
    tags: list[str] = Field(max_length=12, description="Replaces the buyer's tags (at most 12, each ≤ 12 characters).")


class ContactNoteIn(Schema):
    body: str = Field(max_length=500)
