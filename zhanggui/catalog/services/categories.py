"""Writes to the category tree: create, rename or reorder, and move (never under itself)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.inputs import count, text
from zhanggui.core.permissions import require_perm

from ..models import Category

_FIELDS = ["name", "parent", "sort_order"]

# "Leave the parent as it is", distinct from None (= move to the top level).
UNCHANGED: Any = object()


def _check_name_free(name: str, parent_id: int | None, exclude_pk: int | None = None) -> None:
    # The unique constraint does not cover top-level names (NULL parents never collide), so check here.
    siblings = Category.objects.filter(parent_id=parent_id, name=name)
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    if siblings.exists():
        raise ConflictError.for_field("name", _("A category with this name already exists at this level."))


@transaction.atomic
def category_create(*, by: Actor, name: str, parent: Category | None = None, sort_order: int = 0) -> Category:
    require_perm(by, "catalog.edit")
    name = text(name, "name", max_length=60)
    sort_order = count(sort_order, "sort_order")
    _check_name_free(name, parent.pk if parent else None)
    category = Category.objects.create(name=name, parent=parent, sort_order=sort_order)
    audit_record(actor=by, action="catalog.category.create", obj=category, after=snapshot(category, _FIELDS))
    return category


@transaction.atomic
def category_update(*, by: Actor, category: Category, name: str, sort_order: int) -> Category:
    """Rename a category or change its place among its siblings."""
    require_perm(by, "catalog.edit")
    name = text(name, "name", max_length=60)
    sort_order = count(sort_order, "sort_order")
    category = Category.objects.select_for_update().get(pk=category.pk)
    _check_name_free(name, category.parent_id, exclude_pk=category.pk)
    before = snapshot(category, _FIELDS)
    category.name, category.sort_order = name, sort_order
    old, new = changed(before, snapshot(category, _FIELDS))
    if new:
        category.save(update_fields=["name", "sort_order"])
        audit_record(actor=by, action="catalog.category.update", obj=category, before=old, after=new)
    return category


@transaction.atomic
def category_move(*, by: Actor, category: Category, parent: Category | None) -> Category:
    """Put ``category`` (with everything below it) under ``parent``, or at the top level when None."""
    require_perm(by, "catalog.edit")
    category = Category.objects.select_for_update().get(pk=category.pk)
    parent_id = parent.pk if parent is not None else None
    if parent_id == category.parent_id:
        return category
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    node = parent_id
    while node is not None:
        if node == category.pk:
            raise ValidationFailed.for_field("parent", _("A category cannot be moved under itself or its children."))
        node = parents.get(node)
    _check_name_free(category.name, parent_id, exclude_pk=category.pk)
    before = snapshot(category, ["parent"])
    category.parent_id = parent_id
    category.save(update_fields=["parent"])
    audit_record(
        actor=by, action="catalog.category.move", obj=category, before=before, after=snapshot(category, ["parent"])
    )
    return category


@transaction.atomic
def category_change(
    *,
    by: Actor,
    category: Category,
    name: str | None = None,
    sort_order: int | None = None,
    parent: Category | None = UNCHANGED,
) -> Category:
    """Move, rename and reorder a category in one step: every given change happens, or none does.

    Used by the console's edit page and the API's PATCH alike; an unset argument keeps its value.
    """
    if parent is not UNCHANGED:
        category = category_move(by=by, category=category, parent=parent)
    if name is not None or sort_order is not None:
        category = category_update(
            by=by,
            category=category,
            name=category.name if name is None else name,
            sort_order=category.sort_order if sort_order is None else sort_order,
        )
    return category
