"""Service groups (售前组 / 售后组) of each store: who answers which buyers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import text
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..constants import GroupKind
from ..models import ServiceGroup
from ..selectors.agents import store_agents

NAME_MAX_CHARS = 40


def _name_checked(store_id: int, name: str, *, exclude_pk: int | None = None) -> str:
    name = text(name, "name", max_length=NAME_MAX_CHARS)
    taken = ServiceGroup.objects.filter(store_id=store_id, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationFailed.for_field("name", _("This store already has a group of this name."))
    return name


def _kind_checked(kind: str) -> str:
    if kind not in GroupKind.values:
        raise ValidationFailed.for_field("kind", _("Choose pre-sale or after-sale."))
    return kind


def _members_checked(store_id: int, members: Iterable[Any]) -> list[int]:
    ids = sorted({member if isinstance(member, int) else member.pk for member in members})
    known = set(store_agents(store_id).filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - known:
        raise ValidationFailed.for_field("members", _("Members must be agents of this store."))
    return ids


def _members_of(group: ServiceGroup) -> list[int]:
    return sorted(group.members.values_list("pk", flat=True))


@transaction.atomic
def group_create(
    *, by: Actor, store: Store, kind: str, name: str, members: Iterable[Any] = (), is_active: bool = True
) -> ServiceGroup:
    """A new group of the store; conversations reach it by intent (售后: returns and complaints)."""
    require_perm(by, "service.settings")
    require_store_access(by, store.pk)
    kind = _kind_checked(kind)
    name = _name_checked(store.pk, name)
    member_ids = _members_checked(store.pk, members)
    group = ServiceGroup.objects.create(store=store, kind=kind, name=name, is_active=bool(is_active))
    group.members.set(member_ids)
    audit_record(
        actor=by,
        action="service.group.create",
        obj=group,
        store_id=store.pk,
        after={"kind": kind, "name": name, "members": member_ids, "is_active": group.is_active},
    )
    return group


@transaction.atomic
def group_update(*, by: Actor, group: ServiceGroup, **fields: Any) -> ServiceGroup:
    """Change some of ``name``, ``kind``, ``is_active`` and ``members`` (the whole list)."""
    require_perm(by, "service.settings")
    require_store_access(by, group.store_id)
    unknown = set(fields) - {"name", "kind", "is_active", "members"}
    if unknown:
        raise ValidationFailed.for_field(sorted(unknown)[0], _("Unknown field."))
    group = ServiceGroup.objects.select_for_update().get(pk=group.pk)
    current: dict[str, Any] = {
        "name": group.name,
        "kind": group.kind,
        "is_active": group.is_active,
        "members": _members_of(group),
    }
    wanted = dict(current)
    if "name" in fields:
        wanted["name"] = _name_checked(group.store_id, fields["name"], exclude_pk=group.pk)
    if "kind" in fields:
        wanted["kind"] = _kind_checked(fields["kind"])
    if "is_active" in fields:
        wanted["is_active"] = bool(fields["is_active"])
    if "members" in fields:
        wanted["members"] = _members_checked(group.store_id, fields["members"])
    before = {key: value for key, value in current.items() if wanted[key] != value}
    after = {key: wanted[key] for key in before}
    if not after:
        return group
    group.name, group.kind, group.is_active = wanted["name"], wanted["kind"], wanted["is_active"]
    group.save(update_fields=["name", "kind", "is_active"])
    if "members" in after:
        group.members.set(wanted["members"])
    audit_record(actor=by, action="service.group.edit", obj=group, store_id=group.store_id, before=before, after=after)
    return group
