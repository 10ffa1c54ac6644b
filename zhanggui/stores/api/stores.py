"""API for stores: list and read them (scoped), create and change them, credentials (staff: accounts' API)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, PageNumber, api_permission
from zhanggui.core.pii import masked

from .. import selectors, services
from ..models import Store

router = ApiRouter(tags=["stores"])


class StoreOut(Schema):
    id: int
    code: str
    name: str
    platform: str
    platform_label: str
    currency: str
    time_zone: str
    contact_name: str = Field(description="Masked personal data; reveal with POST /api/v1/core/pii/reveal.")
    contact_phone: str = Field(description="Masked personal data; reveal with POST /api/v1/core/pii/reveal.")
    is_active: bool
    staff_count: int
    created_at: dt.datetime

    @staticmethod
    def resolve_platform_label(obj: Store) -> str:
        return str(obj.get_platform_display())

    @staticmethod
    def resolve_contact_name(obj: Store) -> str:
        return masked(obj, "contact_name")

    @staticmethod
    def resolve_contact_phone(obj: Store) -> str:
        return masked(obj, "contact_phone")


class StaffRefOut(Schema):
    id: int
    username: str
    display_name: str
    role: str


class StoreDetailOut(StoreOut):
    staff: list[StaffRefOut]

    @staticmethod
    def resolve_staff(obj: Store) -> list[Any]:
        return list(obj.staff.order_by("username"))


class StoreFilters(Schema):
    platform: str | None = None
    is_active: bool | None = None
    q: str | None = Field(None, description="Part of the code or name")


class StoreCreateIn(Schema):
    code: str
    name: str
    platform: str
    currency: str = "CNY"
    time_zone: str = "Asia/Shanghai"
    contact_name: str = ""
    contact_phone: str = ""
    is_active: bool = True


class StoreUpdateIn(Schema):
    """Only the fields sent are changed; the code cannot be changed."""

    name: str | None = None
    platform: str | None = None
    currency: str | None = None
    time_zone: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    is_active: bool | None = None
    reason: str = ""


class CredentialOut(Schema):
    app_key: str
    app_secret: str
    webhook_secret: str
    previous_webhook_secret: str
    rotated_at: dt.datetime | None
    updated_at: dt.datetime | None


class CredentialStatusOut(Schema):
    app_key: bool
    app_secret: bool
    webhook_secret: bool
    previous_webhook_secret: bool
    rotated_at: dt.datetime | None
    updated_at: dt.datetime | None


class CredentialUpdateIn(Schema):
    """Fields left out (or blank) keep their values; a new webhook secret starts a rotation."""

    app_key: str | None = None
    app_secret: str | None = None
    webhook_secret: str | None = None
    reason: str = ""


class ReasonIn(Schema):
    reason: str = Field(description="Why; required (not blank) and kept in the audit log.")


@router.get("", response=list[StoreOut], summary="List stores")
@api_permission("store.view")
@paginate(PageNumber)
def store_list(request: HttpRequest, filters: Query[StoreFilters]) -> Any:
    """The stores the caller may see: every store for roles that span all stores, else the assigned ones."""
    return selectors.store_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


@router.post("", response={201: StoreDetailOut}, summary="Create a store")
@api_permission("store.manage")
def store_create(request: HttpRequest, data: StoreCreateIn) -> Any:
    store = services.store_create(by=request.auth, **data.model_dump())
    return Status(201, selectors.store_get(user=request.auth, store_id=store.pk))


@router.get("/{store_id}", response=StoreDetailOut, summary="Get a store")
@api_permission("store.view")
def store_get(request: HttpRequest, store_id: int) -> Any:
    return selectors.store_get(user=request.auth, store_id=store_id)


@router.patch("/{store_id}", response=StoreDetailOut, summary="Change a store")
@api_permission("store.manage")
def store_update(request: HttpRequest, store_id: int, data: StoreUpdateIn) -> Any:
    store = selectors.store_get(user=request.auth, store_id=store_id)
    sent = data.model_dump(exclude_unset=True, exclude={"reason"})
    current = {
        field: getattr(store, field)
        for field in ("name", "platform", "currency", "time_zone", "contact_name", "contact_phone", "is_active")
    }
    values = {**current, **{k: v for k, v in sent.items() if v is not None}}
    services.store_update(by=request.auth, store=store, reason=data.reason, **values)
    return selectors.store_get(user=request.auth, store_id=store_id)


@router.get("/{store_id}/credentials", response=CredentialOut, summary="Show a store's credentials (audited)")
@api_permission("store.credentials")
def store_credential_view(request: HttpRequest, store_id: int, reason: str = "") -> Any:
    """The decrypted credentials. Every call writes a ``stores.credential.view`` audit event."""
    store = selectors.store_get(user=request.auth, store_id=store_id)
    return services.store_credential_view(by=request.auth, store=store, reason=reason)


@router.patch("/{store_id}/credentials", response=CredentialStatusOut, summary="Change a store's credentials")
@api_permission("store.credentials")
def store_credential_update(request: HttpRequest, store_id: int, data: CredentialUpdateIn) -> Any:
    """Answers which credentials are set, never their values."""
    store = selectors.store_get(user=request.auth, store_id=store_id)
    services.store_credential_update(by=request.auth, store=store, **data.model_dump())
    return selectors.store_credential_status(store=store)


@router.post(
    "/{store_id}/credentials/retire-previous-webhook-secret",
    response=CredentialStatusOut,
    summary="End a webhook secret rotation",
)
@api_permission("store.credentials")
def store_webhook_secret_retire_previous(request: HttpRequest, store_id: int, data: ReasonIn) -> Any:
    store = selectors.store_get(user=request.auth, store_id=store_id)
    services.store_webhook_secret_retire_previous(by=request.auth, store=store, reason=data.reason)
    return selectors.store_credential_status(store=store)
