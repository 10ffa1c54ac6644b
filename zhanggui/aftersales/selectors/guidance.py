"""Guidance for a case (使用/安装指导): the usage and installation guides of the goods it is about,
and the messages already sent from it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhanggui.catalog.models import KnowledgeEntry, KnowledgeKind

from ..models import Case, CaseLine, CaseMessage

GUIDE_KINDS = (KnowledgeKind.USAGE, KnowledgeKind.INSTALLATION)


def guidance_for_case(case: Case) -> QuerySet[KnowledgeEntry]:
    """The guides for the goods of ``case``: those naming one of its lines' SKUs first, then those
    about one of their products as a whole (naming no SKU), each group newest first."""
    lines = CaseLine.objects.filter(case=case, order_line__sku__isnull=False)
    sku_ids = lines.values("order_line__sku_id")
    product_ids = lines.values("order_line__sku__product_id")
    for_sku = Q(skus__in=sku_ids)
    for_product = Q(product_id__in=product_ids, skus__isnull=True)
    matching = KnowledgeEntry.objects.filter(kind__in=GUIDE_KINDS).filter(for_sku | for_product).values("pk")
    sku_named = KnowledgeEntry.objects.filter(pk__in=matching, skus__in=sku_ids).values("pk")
    return (
        KnowledgeEntry.objects.filter(pk__in=matching)
        .select_related("product")
        .alias(first=Q(pk__in=sku_named))
        .order_by("-first", "-updated_at", "-pk")
    )


def case_messages(case: Case) -> list[CaseMessage]:
    """What was sent from ``case``, oldest first (the case timeline shows them)."""
    return list(CaseMessage.objects.filter(case=case).select_related("article", "sent_by").order_by("sent_at", "pk"))
