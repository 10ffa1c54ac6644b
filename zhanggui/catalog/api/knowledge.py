"""Catalog API: product knowledge (selling points, FAQ answers, size charts) and its word search."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from zhanggui.core.actors import Actor
from zhanggui.core.api import ApiRouter, PageNumber, api_permission
from zhanggui.core.exceptions import NotFoundError, ValidationFailed

from .. import selectors, services
from ..models import Product, Sku
from .schemas.knowledge import (
    KnowledgeFilters,
    KnowledgeHitOut,
    KnowledgeIn,
    KnowledgeOut,
    KnowledgePatch,
    KnowledgeSearchFilters,
)

router = ApiRouter(tags=["catalog"])


def referenced_skus(user: Actor, sku_ids: list[int]) -> list[Sku]:
    skus = list(selectors.sku_list(user=user).filter(pk__in=sku_ids))
    if len(skus) != len(set(sku_ids)):
        raise ValidationFailed.for_field("sku_ids", _("No such SKU."))
    return skus


def referenced_product(user: Actor, product_id: int | None) -> Product | None:
    if product_id is None:
        return None
    try:
        return selectors.product_get(user=user, product_id=product_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field("product_id", _("No such product.")) from exc


@router.get("/knowledge/search", response=list[KnowledgeHitOut], summary="Search product knowledge by words")
@api_permission("knowledge.view")
@paginate(PageNumber)
def knowledge_search(request: HttpRequest, filters: Query[KnowledgeSearchFilters]) -> Any:
    """Entries containing every word of ``q`` (e.g. ``羽绒服 充绒量``), those with more words in the title first."""
    return selectors.knowledge_search(
        user=request.auth, query=filters.q, product=filters.product, kind=filters.kind or ""
    )


@router.get("/knowledge", response=list[KnowledgeOut], summary="List product knowledge")
@api_permission("knowledge.view")
@paginate(PageNumber)
def knowledge_list(request: HttpRequest, filters: Query[KnowledgeFilters]) -> Any:
    return selectors.knowledge_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


@router.get("/knowledge/{int:entry_id}", response=KnowledgeOut, summary="Get a knowledge entry")
@api_permission("knowledge.view")
def knowledge_get(request: HttpRequest, entry_id: int) -> Any:
    return selectors.knowledge_get(user=request.auth, entry_id=entry_id)


@router.post("/knowledge", response={201: KnowledgeOut}, summary="Create a knowledge entry")
@api_permission("knowledge.edit")
def knowledge_create(request: HttpRequest, data: KnowledgeIn) -> Any:
    entry = services.knowledge_entry_create(
        by=request.auth,
        product=referenced_product(request.auth, data.product_id),
        kind=data.kind,
        title=data.title,
        body=data.body,
        skus=referenced_skus(request.auth, data.sku_ids),
    )
    return Status(201, entry)


@router.patch("/knowledge/{int:entry_id}", response=KnowledgeOut, summary="Update a knowledge entry")
@api_permission("knowledge.edit")
def knowledge_update(request: HttpRequest, entry_id: int, data: KnowledgePatch) -> Any:
    entry = selectors.knowledge_get(user=request.auth, entry_id=entry_id)
    changes = data.model_dump(exclude_unset=True)
    product = referenced_product(request.auth, changes["product_id"]) if "product_id" in changes else entry.product
    return services.knowledge_entry_update(
        by=request.auth,
        entry=entry,
        product=product,
        kind=changes.get("kind") or entry.kind,
        title=changes.get("title") or entry.title,
        body=changes.get("body") or entry.body,
        skus=referenced_skus(request.auth, changes["sku_ids"]) if changes.get("sku_ids") is not None else None,
    )


@router.delete("/knowledge/{int:entry_id}", response={204: None}, summary="Delete a knowledge entry")
@api_permission("knowledge.edit")
def knowledge_delete(request: HttpRequest, entry_id: int) -> Any:
    entry = selectors.knowledge_get(user=request.auth, entry_id=entry_id)
    services.knowledge_entry_delete(by=request.auth, entry=entry)
    return Status(204, None)
