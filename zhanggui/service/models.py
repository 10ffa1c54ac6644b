"""Customer service of every store: buyers as contacts, conversations and their messages, what
happened to each conversation, agents' presence and groups, canned replies, calls and follow-ups."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import constants
from .constants import (
    CallDirection,
    Channel,
    EventKind,
    FollowUpKind,
    GroupKind,
    Intent,
    MessageKind,
    Priority,
    SenderKind,
)
from .states import AgentStatus, ConversationStatus, FollowUpStatus

STAFF = settings.AUTH_USER_MODEL


class Contact(models.Model):
    """A buyer as customer service knows them in one store, whichever channels they write from."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    nickname = models.CharField(_("buyer nickname"), max_length=80)
    # The orders context's buyer, once the contact is recognised as one (by nickname, phone or order).
    buyer = models.ForeignKey(
        "orders.Buyer", verbose_name=_("buyer"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.CharField(_("email"), max_length=120, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-last_seen_at", "-pk"]
        indexes = [models.Index(fields=["store", "phone"], name="contact_store_phone")]

    def __str__(self) -> str:
        return self.nickname


class ContactIdentity(models.Model):
    """How a contact is known on one channel: a platform nickname, a website visitor, a phone number,
    an email address. The same buyer on two channels is one contact with two identities."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="identities")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    external_id = models.CharField(_("identity"), max_length=120)

    class Meta:
        verbose_name = _("contact identity")
        verbose_name_plural = _("contact identities")
        constraints = [
            models.UniqueConstraint(fields=["store", "channel", "external_id"], name="contact_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_id}"


class ContactNote(models.Model):
    """A note staff keep on a buyer (他喜欢顺丰, 上次投诉过包装), seen beside every conversation of theirs."""

    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("note"))
    author = models.ForeignKey(STAFF, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("buyer note")
        verbose_name_plural = _("buyer notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.body[:40]


class ServiceGroup(models.Model):
    """A team of agents answering one store's buyers at one stage of the sale (售前 / 售后)."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=40)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        STAFF, verbose_name=_("members"), blank=True, related_name="service_groups"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service group")
        verbose_name_plural = _("service groups")
        ordering = ["store_id", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["store", "name"], name="service_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class AgentPresence(models.Model):
    """An agent's availability now (在线 / 忙碌 / 离开 / 离线), how many conversations they take, and
    when they were last given one (fair rotation)."""

    staff = models.OneToOneField(STAFF, verbose_name=_("agent"), on_delete=models.CASCADE, related_name="presence")
    status = models.CharField(_("status"), max_length=10, choices=AgentStatus.choices, default=AgentStatus.OFFLINE)
    capacity = models.PositiveIntegerField(_("conversations at once"), default=constants.AGENT_CAPACITY)
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    last_assigned_at = models.DateTimeField(_("last assigned"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presences")

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.status}"


class AgentStatusChange(models.Model):
    """One change of an agent's status, kept for the time-online figures of the KPIs."""

    staff = models.ForeignKey(STAFF, verbose_name=_("agent"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=AgentStatus.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("agent status change")
        verbose_name_plural = _("agent status changes")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["staff", "at"], name="agent_status_staff_at")]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.status} {self.at:%Y-%m-%d %H:%M}"


class ServiceSettings(models.Model):
    """A store's customer-service rules: business hours and their automatic reply, the greeting,
    when an unanswered conversation moves on, and the website chat widget."""

    store = models.OneToOneField(
        "stores.Store", verbose_name=_("store"), on_delete=models.CASCADE, related_name="service_settings"
    )
    opens_at = models.TimeField(_("opens at"), default=constants.OPENS_AT)
    closes_at = models.TimeField(_("closes at"), default=constants.CLOSES_AT)
    workdays = models.JSONField(_("working days"), default=constants.default_workdays)  # Monday = 0
    outside_hours_reply = models.TextField(_("reply outside business hours"), blank=True)
    welcome_reply = models.TextField(_("greeting"), blank=True)
    reassign_after_minutes = models.PositiveIntegerField(
        _("reassign when unanswered for (minutes)"), default=constants.REASSIGN_AFTER_MINUTES
    )
    unanswered_alert_minutes = models.PositiveIntegerField(
        _("alert when a buyer waits (minutes)"), default=constants.UNANSWERED_ALERT_MINUTES
    )
    auto_close_hours = models.PositiveIntegerField(
        _("close resolved conversations after (hours)"), default=constants.AUTO_CLOSE_HOURS
    )
    widget_enabled = models.BooleanField(_("website chat on"), default=True)
    widget_title = models.CharField(_("website chat title"), max_length=60, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("service settings")
        verbose_name_plural = _("service settings")

    def __str__(self) -> str:
        return f"{self.store_id} service settings"


class Conversation(models.Model):
    """One thread between a buyer and the shop on one channel, from the first message until it closes."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="conversations"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The platform's own id of the thread, when it has one.
    external_id = models.CharField(_("platform conversation id"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConversationStatus.choices, default=ConversationStatus.QUEUED
    )
    group = models.ForeignKey(
        ServiceGroup, verbose_name=_("group"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        STAFF, verbose_name=_("agent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority = models.IntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    intent = models.CharField(
        _("intent"), max_length=12, choices=Intent.choices, blank=True
    )  # the last buyer message's
    # The order the conversation is about, when one is named (an order card, a platform's context).
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)  # queue position orders by it
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    # The buyer's first message nobody has answered yet; empty once an agent replies.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    last_message_preview = models.CharField(_("last message"), max_length=120, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["store", "status", "last_message_at"], name="conversation_store_status"),
            models.Index(fields=["assignee", "status"], name="conversation_assignee_status"),
            models.Index(fields=["status", "queued_at"], name="conversation_queue"),
            models.Index(fields=["contact", "created_at"], name="conversation_contact"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.contact_id}"


class Message(models.Model):
    """One message of a conversation: who sent it (buyer, agent, system), when, and what (text, image,
    card, internal note, call, email). Stored before anyone is shown it."""

    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="messages"
    )
    sender_kind = models.CharField(_("sender"), max_length=10, choices=SenderKind.choices)
    sender_staff = models.ForeignKey(
        STAFF, verbose_name=_("agent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices, default=MessageKind.TEXT)
    body = models.TextField(_("text"), blank=True)
    # A card's facts as they were when sent (product, order, tracking), a call's or an email's details.
    payload = models.JSONField(_("details"), default=dict, blank=True)
    image_name = models.CharField(_("image"), max_length=120, blank=True)  # generated; private storage
    intent = models.CharField(_("intent"), max_length=12, choices=Intent.choices, blank=True)  # buyer messages
    # The sender's own id of the message (platform message id, the widget's client id): sent twice, kept once.
    external_id = models.CharField(_("message id"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "external_id"], condition=~Q(external_id=""), name="message_unique_external_id"
            )
        ]
        indexes = [models.Index(fields=["conversation", "id"], name="message_conversation_id")]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.pk}"

    @property
    def is_internal(self) -> bool:
        return self.kind == MessageKind.NOTE


class ConversationEvent(models.Model):
    """Something that happened to a conversation with its time: created, assigned, transferred (and the
    note), reassigned for want of an answer, back to the queue, a status or priority change."""

    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        STAFF, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_staff = models.ForeignKey(
        STAFF, verbose_name=_("from agent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_staff = models.ForeignKey(
        STAFF, verbose_name=_("to agent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(_("from status"), max_length=10, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation event")
        verbose_name_plural = _("conversation events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["conversation", "at"], name="conversation_event_at")]

    def __str__(self) -> str:
        return f"{self.conversation_id} {self.kind}"


class CannedReply(models.Model):
    """A prepared answer (快捷短语) with a shortcut (``/退货``) and variables (``{买家昵称}``): an agent's
    own when it has an owner, the team's otherwise; for one store or, without a store, for all."""

    store = models.ForeignKey(
        "stores.Store", verbose_name=_("store"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(
        STAFF, verbose_name=_("owner"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(_("category"), max_length=40, blank=True)
    shortcut = models.CharField(_("shortcut"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=60)
    body = models.TextField(_("text"))
    # jieba tokens of title and body, for the suggestions' index.
    search_text = models.TextField(editable=False, default="")
    use_count = models.PositiveIntegerField(_("times used"), default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["category", "shortcut", "pk"]

    def __str__(self) -> str:
        return self.title


class PhoneCall(models.Model):
    """A phone call with a buyer, logged by the telephony system: answered or missed, who took it."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="calls")
    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(_("call id"), max_length=80)
    direction = models.CharField(_("direction"), max_length=10, choices=CallDirection.choices)
    phone = models.CharField(_("phone"), max_length=20)
    agent = models.ForeignKey(
        STAFF, verbose_name=_("agent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    is_missed = models.BooleanField(_("missed"), default=False)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        ordering = ["-started_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["store", "external_id"], name="phone_call_unique_id")]

    def __str__(self) -> str:
        return self.external_id


class FollowUp(models.Model):
    """Something an agent must do for a buyer by a time: call back a missed call, follow up a promise."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="follow_ups")
    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call = models.OneToOneField(
        PhoneCall, verbose_name=_("call"), null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_up"
    )
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    due_at = models.DateTimeField(_("due"))
    assignee = models.ForeignKey(
        STAFF, verbose_name=_("agent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    created_by = models.ForeignKey(
        STAFF, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["store", "status", "due_at"], name="follow_up_store_status_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_at:%Y-%m-%d %H:%M}"
