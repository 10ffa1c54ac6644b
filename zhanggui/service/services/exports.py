"""Exporting conversations as XLSX or CSV: one row per message, with its conversation's columns
beside it (a spreadsheet filters and pivots that directly). The buyer's phone and email are masked
unless the exporter may export personal data; the nickname is shown (it is how staff know them)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhanggui.core.actors import Actor
from zhanggui.core.exports import ExportColumn, ExportFile, export_file
from zhanggui.core.permissions import require_perm

from ..models import Message
from ..selectors.history import conversation_history, first_response_seconds

EXPORT_FORMATS = ("xlsx", "csv")


def _staff_name(staff: Any) -> str:
    return str(staff) if staff is not None else ""  # the display name every page shows


def _columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Conversation"), lambda m: m.conversation_id),
        ExportColumn(_("Store"), lambda m: m.conversation.store.name),
        ExportColumn(_("Channel"), lambda m: m.conversation.get_channel_display()),
        ExportColumn(_("Buyer nickname"), lambda m: m.conversation.contact.nickname),
        ExportColumn(_("Phone"), lambda m: m.conversation.contact.phone, pii="phone"),
        ExportColumn(_("Email"), lambda m: m.conversation.contact.email, pii="email"),
        ExportColumn(_("Agent"), lambda m: _staff_name(m.conversation.assignee)),
        ExportColumn(_("Status"), lambda m: m.conversation.get_status_display()),
        ExportColumn(_("Intent"), lambda m: m.conversation.intent),
        ExportColumn(
            _("Order number"), lambda m: m.conversation.order.platform_order_id if m.conversation.order else ""
        ),
        ExportColumn(_("Started"), lambda m: m.conversation.created_at),
        ExportColumn(_("First response (seconds)"), lambda m: first_response_seconds(m.conversation)),
        ExportColumn(_("Sent at"), lambda m: m.created_at),
        ExportColumn(pgettext("message", "Sender"), lambda m: m.get_sender_kind_display()),
        ExportColumn(_("Sent by"), lambda m: _staff_name(m.sender_staff)),
        ExportColumn(_("Message kind"), lambda m: m.get_kind_display()),
        ExportColumn(_("Text"), lambda m: m.body),
    ]


def conversation_export(*, by: Actor, filters: dict[str, Any] | None = None, file_format: str = "xlsx") -> ExportFile:
    """The messages of the conversations ``filters`` select (those of the history page), oldest
    conversation first; one audit row with the row count."""
    require_perm(by, "service.export")
    conversations = conversation_history(user=by, filters=filters or {}).order_by()
    messages = (
        Message.objects.filter(conversation_id__in=conversations.values("pk"))
        .select_related(
            "sender_staff",
            "conversation__store",
            "conversation__contact",
            "conversation__assignee",
            "conversation__order",
        )
        .order_by("conversation_id", "pk")
    )
    return export_file(
        columns=_columns(),
        objects=messages.iterator(chunk_size=500),
        user=by,
        file_format=file_format if file_format in EXPORT_FORMATS else EXPORT_FORMATS[0],
        filename="conversations",
        action="service.conversation.export",
        description=_("Conversations"),
        count=messages.count,
    )
