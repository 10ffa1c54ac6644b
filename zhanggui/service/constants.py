"""Plain tables of the customer-service context: channels, message kinds, intents, the defaults of the
per-store service settings, and the audit actions' labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """Where a conversation reaches the shop."""

    TAOBAO = "taobao", _("Taobao/Tmall (Qianniu)")  # 千牛
    JD = "jd", _("JD (Dongdong)")  # 咚咚
    PDD = "pdd", _("Pinduoduo")
    DOUYIN = "douyin", _("Douyin")
    WEB = "web", _("Website chat")  # the widget at /chat/<store>
    PHONE = "phone", pgettext_lazy("channel", "Phone")
    EMAIL = "email", pgettext_lazy("channel", "Email")


PLATFORM_CHANNELS = frozenset({Channel.TAOBAO, Channel.JD, Channel.PDD, Channel.DOUYIN})


class SenderKind(models.TextChoices):
    """Who wrote a message."""

    BUYER = "buyer", _("Buyer")
    AGENT = "agent", pgettext_lazy("message sender", "Agent")
    SYSTEM = "system", pgettext_lazy("message sender", "System")  # automatic replies, notes of events


class MessageKind(models.TextChoices):
    TEXT = "text", pgettext_lazy("message kind", "Text")
    IMAGE = "image", pgettext_lazy("message kind", "Image")
    PRODUCT = "product", pgettext_lazy("message kind", "Product card")
    ORDER = "order", pgettext_lazy("message kind", "Order card")
    TRACKING = "tracking", pgettext_lazy("message kind", "Tracking card")
    NOTE = "note", pgettext_lazy("message kind", "Internal note")  # staff only, never sent to the buyer
    CALL = "call", pgettext_lazy("message kind", "Phone call")
    EMAIL = "email", pgettext_lazy("message kind", "Email")


class Intent(models.TextChoices):
    """What a buyer's message is about (routing and priority)."""

    PRODUCT = "product", _("Product question")  # 咨询商品
    SIZE = "size", _("Size")  # 尺码
    SHIPPING = "shipping", _("Chasing shipment")  # 催发货
    ADDRESS = "address", _("Address change")  # 改地址
    RETURN = "return", _("Return or exchange")  # 退换货
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    INVOICE = "invoice", _("Invoice")  # 发票
    PROMOTION = "promotion", _("Promotion")  # 优惠


class Priority(models.IntegerChoices):
    NORMAL = 0, pgettext_lazy("priority", "Normal")
    HIGH = 1, pgettext_lazy("priority", "High")
    URGENT = 2, pgettext_lazy("priority", "Urgent")


# An intent raises a conversation's priority to at least this (never lowers it).
INTENT_PRIORITY = {Intent.COMPLAINT: Priority.URGENT, Intent.SHIPPING: Priority.HIGH, Intent.ADDRESS: Priority.HIGH}


class GroupKind(models.TextChoices):
    PRESALE = "presale", _("Pre-sale")  # 售前
    AFTERSALE = "aftersale", _("After-sale")  # 售后


# Intents that go to the after-sale group; everything else to pre-sale.
AFTERSALE_INTENTS = frozenset({Intent.RETURN, Intent.COMPLAINT})


class EventKind(models.TextChoices):
    """What happened to a conversation (its history, and the KPIs of the next issue)."""

    CREATED = "created", pgettext_lazy("conversation event", "Started")
    ASSIGNED = "assigned", pgettext_lazy("conversation event", "Assigned")
    TRANSFERRED = "transferred", pgettext_lazy("conversation event", "Transferred")
    REASSIGNED = "reassigned", pgettext_lazy("conversation event", "Reassigned after no answer")
    UNASSIGNED = "unassigned", pgettext_lazy("conversation event", "Back to the queue")
    STATUS = "status", pgettext_lazy("conversation event", "Status changed")
    PRIORITY = "priority", pgettext_lazy("conversation event", "Priority changed")
    AUTO_REPLY = "auto_reply", pgettext_lazy("conversation event", "Automatic reply")


class CallDirection(models.TextChoices):
    INBOUND = "inbound", _("Incoming")
    OUTBOUND = "outbound", _("Outgoing")


class FollowUpKind(models.TextChoices):
    CALLBACK = "callback", _("Call back")  # a missed call
    FOLLOW_UP = "follow_up", _("Follow up")  # 回访 / a promise made in a conversation


# --- defaults of the per-store service settings (``ServiceSettings`` overrides them per store) ---
AGENT_CAPACITY = 8  # conversations an agent holds at once before automatic assignment skips them
REASSIGN_AFTER_MINUTES = 3  # an assigned conversation nobody answered goes to another agent
UNANSWERED_ALERT_MINUTES = 5  # the home widgets count buyers waiting longer than this
AUTO_CLOSE_HOURS = 24  # a resolved conversation closes by itself after this long
OPENS_AT = "09:00"
CLOSES_AT = "23:00"
WORKDAYS = (0, 1, 2, 3, 4, 5, 6)  # Monday = 0; online shops answer every day


def default_workdays() -> list[int]:
    return list(WORKDAYS)


# Messages buyers and agents send.
MESSAGE_MAX_CHARS = 2000

AUDIT_ACTIONS = {
    "service.conversation.assign": _("Assign conversation"),
    "service.conversation.transfer": _("Transfer conversation"),
    "service.conversation.resolve": _("Resolve conversation"),
    "service.conversation.reopen": _("Reopen conversation"),
    "service.conversation.priority": _("Change conversation priority"),
    "service.conversation.export": _("Export conversations"),
    "service.contact.tag": _("Tag buyer"),
    "service.contact.note": _("Add note on buyer"),
    "service.contact.merge": _("Link buyer identities"),
    "service.group.create": _("Create service group"),
    "service.group.edit": _("Edit service group"),
    "service.settings.update": _("Change service settings"),
    "service.agent.status": _("Change agent status"),
    "service.canned.create": _("Create canned reply"),
    "service.canned.edit": _("Edit canned reply"),
    "service.canned.delete": _("Delete canned reply"),
    "service.call.log": _("Log phone call"),
    "service.followup.create": _("Create follow-up"),
    "service.followup.done": _("Complete follow-up"),
    # --- assignment (svc-assign) ---
    "service.conversation.unassign": _("Return conversation to the queue"),
    "service.agent.capacity": _("Change agent capacity"),
    # --- channels: calls and follow-ups ---
    "service.followup.cancel": _("Cancel follow-up"),
}
