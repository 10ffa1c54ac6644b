"""API of the product knowledge panel (mounted at ``/api/v1/service``): the same selector as the
console's fragment."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema

from zhanggui.core.api import ApiRouter, api_permission

from .. import selectors
from .schemas.knowledge import KnowledgePanelOut

router = ApiRouter(tags=["service knowledge"])


class KnowledgeQuery(Schema):
    store: int
    q: str = ""


@router.get("/knowledge", response=KnowledgePanelOut, summary="Search a store's products, stock and knowledge")
@api_permission("knowledge.view")
def knowledge_get(request: HttpRequest, params: Query[KnowledgeQuery]) -> Any:
    """Products of the store matching ``q`` (name, product code, 商家编码) with each SKU's units
    available now, and the FAQ, size charts and guides answering ``q``."""
    store = selectors.panel_store_get(user=request.auth, store_id=params.store)
    return selectors.knowledge_panel_search(user=request.auth, store=store, query=params.q)
