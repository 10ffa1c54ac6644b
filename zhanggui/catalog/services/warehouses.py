"""Writes to warehouses: the places stock is kept and shipped from."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.inputs import text
from zhanggui.core.permissions import require_perm

from ..models import Warehouse

_FIELDS = ["code", "name", "region", "is_active"]


@transaction.atomic
def warehouse_create(*, by: Actor, code: str, name: str, region: str = "") -> Warehouse:
    require_perm(by, "catalog.warehouse")
    code = text(code, "code", max_length=30).lower()
    try:
        validate_slug(code)
    except ValidationError as exc:
        raise ValidationFailed.for_field("code", _("Use letters, digits, hyphens and underscores only.")) from exc
    if Warehouse.objects.filter(code=code).exists():
        raise ConflictError.for_field("code", _("Another warehouse already has this code."))
    warehouse = Warehouse.objects.create(
        code=code, name=text(name, "name", max_length=60), region=text(region, "region", required=False, max_length=60)
    )
    audit_record(actor=by, action="catalog.warehouse.create", obj=warehouse, after=snapshot(warehouse, _FIELDS))
    return warehouse


@transaction.atomic
def warehouse_update(*, by: Actor, warehouse: Warehouse, name: str, region: str, is_active: bool) -> Warehouse:
    """Rename a warehouse or take it out of use (its stock rows stay, for the record)."""
    require_perm(by, "catalog.warehouse")
    name = text(name, "name", max_length=60)
    region = text(region, "region", required=False, max_length=60)
    warehouse = Warehouse.objects.select_for_update().get(pk=warehouse.pk)
    before = snapshot(warehouse, _FIELDS)
    warehouse.name, warehouse.region, warehouse.is_active = name, region, bool(is_active)
    old, new = changed(before, snapshot(warehouse, _FIELDS))
    if new:
        warehouse.save()
        audit_record(actor=by, action="catalog.warehouse.update", obj=warehouse, before=old, after=new)
    return warehouse
