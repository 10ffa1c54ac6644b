"""Reads of the category tree (merchant-wide: every staff member sees every category)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from zhanggui.core.exceptions import NotFoundError

from ..models import Category


def category_list() -> QuerySet[Category]:
    return Category.objects.select_related("parent")


def category_get(*, category_id: int) -> Category:
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFoundError()
    return category


def category_descendant_ids(category_id: int) -> list[int]:
    """``category_id`` and every category below it (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, pending = [], [category_id]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def category_tree() -> list[tuple[Category, int]]:
    """Every category in tree order with its depth (0 for top level), for indented display."""
    categories = list(Category.objects.annotate(product_count=Count("products")).order_by("sort_order", "name"))
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[tuple[Category, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for category in children.get(parent_id, []):
            ordered.append((category, depth))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return ordered
