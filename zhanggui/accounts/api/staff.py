"""API for administrators: staff members (list, read, create, change, set password), teams, a store's staff."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.core.pii import masked
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_get

from .. import selectors, services
from ..models import Staff

router = ApiRouter(tags=["staff"])
# Who works on a store, under /api/v1/stores beside the store's own routes.
store_router = ApiRouter(tags=["stores"])


class TeamRefOut(Schema):
    id: int
    name: str


class StoreRefOut(Schema):
    id: int
    code: str
    name: str


class StaffOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    email: str
    phone: str = Field(description="Masked personal data; reveal with POST /api/v1/core/pii/reveal.")
    is_active: bool
    last_login: dt.datetime | None
    date_joined: dt.datetime
    teams: list[TeamRefOut]
    stores: list[StoreRefOut]

    @staticmethod
    def resolve_phone(obj: Staff) -> str:
        return masked(obj, "phone")

    @staticmethod
    def resolve_teams(obj: Staff) -> list[Any]:
        return list(obj.teams.all())

    @staticmethod
    def resolve_stores(obj: Staff) -> list[Any]:
        return list(obj.stores.all())


class StoreMemberOut(Schema):
    id: int
    username: str
    display_name: str
    role: str


class StoreStaffOut(StoreRefOut):
    staff: list[StoreMemberOut]

    @staticmethod
    def resolve_staff(obj: Store) -> list[Any]:
        return list(obj.staff.order_by("username"))


class StaffFilters(Schema):
    q: str | None = Field(None, description="Part of the username or display name")
    role: str | None = None
    team: Id | None = Field(None, description="Team id")
    is_active: bool | None = None


class StaffCreateIn(Schema):
    username: str
    password: str
    role: str
    display_name: str = ""
    phone: str = ""
    email: str = ""
    team_ids: list[Id] = Field(default_factory=list)
    store_ids: list[Id] = Field(default_factory=list)


class StaffUpdateIn(Schema):
    """Only the fields sent are changed."""

    role: str | None = None
    display_name: str | None = None
    phone: str | None = None
    email: str | None = None
    is_active: bool | None = None
    team_ids: list[Id] | None = None
    store_ids: list[Id] | None = None
    reason: str = ""


class StaffAssignIn(Schema):
    staff_ids: list[Id]
    reason: str = ""


class PasswordIn(Schema):
    password: str


class TeamOut(Schema):
    id: int
    name: str
    description: str
    member_count: int


class TeamFilters(Schema):
    q: str | None = None


class TeamIn(Schema):
    name: str
    description: str = ""


# Team routes come first: "/teams" must not be taken for a staff id.
@router.get("/teams", response=list[TeamOut], summary="List teams")
@api_permission("staff.manage")
@paginate(PageNumber)
def team_list(request: HttpRequest, filters: Query[TeamFilters]) -> Any:
    return selectors.team_list(filters=filters.model_dump(exclude_none=True))


@router.post("/teams", response={201: TeamOut}, summary="Create a team")
@api_permission("staff.manage")
def team_create(request: HttpRequest, data: TeamIn) -> Any:
    team = services.team_create(by=request.auth, name=data.name, description=data.description)
    return Status(201, selectors.team_list(filters={}).get(pk=team.pk))


@router.get("", response=list[StaffOut], summary="List staff members")
@api_permission("staff.manage")
@paginate(PageNumber)
def staff_list(request: HttpRequest, filters: Query[StaffFilters]) -> Any:
    return selectors.staff_list(filters=filters.model_dump(exclude_none=True))


@router.post("", response={201: StaffOut}, summary="Create a staff member")
@api_permission("staff.manage")
def staff_create(request: HttpRequest, data: StaffCreateIn) -> Any:
    staff = services.staff_create(by=request.auth, **data.model_dump())
    return Status(201, selectors.staff_get(staff_id=staff.pk))


@router.get("/{staff_id}", response=StaffOut, summary="Get a staff member")
@api_permission("staff.manage")
def staff_get(request: HttpRequest, staff_id: int) -> Any:
    return selectors.staff_get(staff_id=staff_id)


@router.patch("/{staff_id}", response=StaffOut, summary="Change a staff member")
@api_permission("staff.manage")
def staff_update(request: HttpRequest, staff_id: int, data: StaffUpdateIn) -> Any:
    staff = selectors.staff_get(staff_id=staff_id)
    current: dict[str, Any] = {
        "role": staff.role,
        "display_name": staff.display_name,
        "phone": staff.phone,
        "email": staff.email,
        "is_active": staff.is_active,
        "team_ids": [team.pk for team in staff.teams.all()],
        "store_ids": [store.pk for store in staff.stores.all()],
    }
    sent = {k: v for k, v in data.model_dump(exclude_unset=True, exclude={"reason"}).items() if v is not None}
    services.staff_update(by=request.auth, staff=staff, reason=data.reason, **{**current, **sent})
    return selectors.staff_get(staff_id=staff_id)


@router.post("/{staff_id}/password", response={204: None}, summary="Set a staff member's password")
@api_permission("staff.manage")
def staff_password_set(request: HttpRequest, staff_id: int, data: PasswordIn) -> Any:
    staff = selectors.staff_get(staff_id=staff_id)
    services.staff_password_set(by=request.auth, staff=staff, password=data.password)
    return Status(204, None)


@store_router.put("/{store_id}/staff", response=StoreStaffOut, summary="Set a store's assigned staff")
@api_permission("store.manage")
def store_staff_assign(request: HttpRequest, store_id: int, data: StaffAssignIn) -> Any:
    store = store_get(user=request.auth, store_id=store_id)
    return services.store_staff_assign(by=request.auth, store=store, staff_ids=data.staff_ids, reason=data.reason)
