"""Schemas of agents' presence, service groups, a store's service settings and the assignment
actions (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from zhanggui.core.api import Id

Status = Literal["online", "busy", "away", "offline"]
Note = Annotated[str, Field(max_length=500, description="Optional; kept on the event and as an internal note.")]


class AgentOut(Schema):
    id: int
    username: str
    name: str
    status: Status
    capacity: int = Field(description="Conversations at once before automatic assignment skips the agent.")
    holding: int = Field(description="Queued or open conversations assigned to the agent now.")
    status_since: dt.datetime | None
    last_assigned_at: dt.datetime | None


class AgentStatusIn(Schema):
    status: Status


class AgentCapacityIn(Schema):
    capacity: int = Field(ge=1, le=50)


class TeamSummaryOut(Schema):
    online_agents: int
    waiting: int = Field(description="Buyers waiting for an agent, among the conversations you see.")


class GroupOut(Schema):
    id: int
    store_id: int
    kind: Literal["presale", "aftersale"]
    name: str
    is_active: bool
    member_ids: list[int]


class GroupIn(Schema):
    store_id: Id
    kind: Literal["presale", "aftersale"]
    name: str = Field(min_length=1, max_length=40)
    member_ids: list[Id] = Field(default_factory=list, max_length=200)
    is_active: bool = True


class GroupPatch(Schema):
    kind: Literal["presale", "aftersale"] | None = None
    name: str | None = Field(default=None, min_length=1, max_length=40)
    member_ids: list[Id] | None = Field(default=None, max_length=200, description="The whole list of members.")
    is_active: bool | None = None


Reply = Annotated[str, Field(max_length=500)]
# A time of day in the store's own time zone (``Store.time_zone``), as 商家 say it: "09:00".
TimeOfDay = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["09:00"])]


class ServiceSettingsOut(Schema):
    store_id: int
    opens_at: TimeOfDay
    closes_at: TimeOfDay = Field(description="Equal to opens_at: all day; earlier: open past midnight.")
    workdays: list[int] = Field(description="Monday = 0 … Sunday = 6, in the store's time zone.")
    outside_hours_reply: str
    welcome_reply: str
    reassign_after_minutes: int
    unanswered_alert_minutes: int
    auto_close_hours: int
    widget_enabled: bool
    widget_title: str


class ServiceSettingsPatch(Schema):
    opens_at: TimeOfDay | None = None
    closes_at: TimeOfDay | None = None
    workdays: list[Annotated[int, Field(ge=0, le=6)]] | None = Field(default=None, min_length=1, max_length=7)
    outside_hours_reply: Reply | None = Field(default=None, description="Blank: the default reply.")
    welcome_reply: Reply | None = Field(default=None, description="Blank: no greeting.")
    reassign_after_minutes: int | None = Field(default=None, ge=1, le=240)
    unanswered_alert_minutes: int | None = Field(default=None, ge=1, le=1440)
    auto_close_hours: int | None = Field(default=None, ge=1, le=720)
    widget_enabled: bool | None = None
    widget_title: str | None = Field(default=None, max_length=60)


class ConversationAssignIn(Schema):
    agent_id: Id = Field(description="An agent of the conversation's store.")


class ConversationTransferIn(Schema):
    to_staff_id: Id | None = Field(default=None, description="An agent of the store; or give ``to_group_id``.")
    to_group_id: Id | None = Field(default=None, description="A group of the store; its next free agent takes it.")
    note: Note = ""


class ConversationUnassignIn(Schema):
    note: Note = ""


class ConversationAssignmentOut(Schema):
    id: int
    status: str
    group_id: int | None
    assignee_id: int | None
    assigned_at: dt.datetime | None
    queue_position: int | None = Field(description="1 = next, while the buyer waits for an agent.")
