"""Catalog API: the category tree (list, create, rename, reorder, move)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, PageNumber, api_permission
from zhanggui.core.exceptions import NotFoundError, ValidationFailed

from .. import selectors, services
from ..models import Category
from ..services.categories import UNCHANGED
from .schemas.categories import CategoryIn, CategoryOut, CategoryPatch

router = ApiRouter(tags=["catalog"])


def referenced_category(category_id: int | None, field: str = "category_id") -> Category | None:
    """A category named in a request body; unknown ids are a field error."""
    if category_id is None:
        return None
    try:
        return selectors.category_get(category_id=category_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field(field, _("No such category.")) from exc


@router.get("/categories", response=list[CategoryOut], summary="List categories")
@api_permission("catalog.view")
@paginate(PageNumber)
def category_list(request: HttpRequest) -> Any:
    """Every category, parents before children within each level's order."""
    return selectors.category_list()


@router.post("/categories", response={201: CategoryOut}, summary="Create a category")
@api_permission("catalog.edit")
def category_create(request: HttpRequest, data: CategoryIn) -> Any:
    parent = referenced_category(data.parent_id, "parent_id")
    category = services.category_create(by=request.auth, name=data.name, parent=parent, sort_order=data.sort_order)
    return Status(201, category)


@router.patch("/categories/{int:category_id}", response=CategoryOut, summary="Rename, reorder or move a category")
@api_permission("catalog.edit")
def category_update(request: HttpRequest, category_id: int, data: CategoryPatch) -> Any:
    category = selectors.category_get(category_id=category_id)
    changes = data.model_dump(exclude_unset=True)
    parent = referenced_category(changes["parent_id"], "parent_id") if "parent_id" in changes else UNCHANGED
    category = services.category_change(
        by=request.auth,
        category=category,
        name=changes.get("name") or None,
        sort_order=changes.get("sort_order"),
        parent=parent,
    )
    return category
