"""Reads of the category tree (merchant-wide: every staff member sees every category)."""

from __future__ import annotations

from django.db.models import Count

from zhanggui.core.exceptions import NotFoundError

from ..models import Category


def category_list() -> list[Category]:
    """Every category, parents before children within each level's order, each linked to its
    parent in memory, so ``path_names`` reads no more: one query for the whole tree (it is small)."""
    categories = list(Category.objects.order_by("parent_id", "sort_order", "name", "pk"))
    by_pk = {category.pk: category for category in categories}
    for category in categories:
        if category.parent_id is not None:
            category.parent = by_pk[category.parent_id]
    return categories


def category_paths() -> dict[int, list[str]]:
    """Each category's names from the top level down to it, by id (one query)."""
    return {category.pk: category.path_names() for category in category_list()}


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
