"""Writes to product knowledge (selling points, FAQ answers, size charts, usage and installation
guides), indexed for word search. A guide may name the SKUs it is for (a model's own manual), so
after-sales finds it from the SKU a buyer asks about; SKUs of another product than the entry's, or
out of the editor's scope, are refused."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.inputs import text
from zhanggui.core.permissions import require_perm

from ..models import KnowledgeEntry, KnowledgeKind, Product, Sku
from ..selectors import require_product_access, search

_FIELDS = ["product", "kind", "title", "body"]


def _check(by: Actor, kind: str, product: Product | None) -> None:
    if kind not in KnowledgeKind.values:
        raise ValidationFailed.for_field("kind", _("Choose a kind of entry."))
    if product is not None:
        require_product_access(user=by, product_id=product.pk)


def _check_skus(by: Actor, skus: Sequence[Sku], product: Product | None) -> list[Sku]:
    """The SKUs an entry is for: of its own product when it has one, each in the editor's scope."""
    unique = list({sku.pk: sku for sku in skus}.values())
    for sku in unique:
        if product is not None and sku.product_id != product.pk:
            raise ValidationFailed.for_field("sku_ids", _("Choose SKUs of the entry's own product."))
        try:
            require_product_access(user=by, product_id=sku.product_id)
        except NotFoundError as exc:
            raise ValidationFailed.for_field("sku_ids", _("No such SKU.")) from exc
    return unique


def _sku_codes(entry: KnowledgeEntry) -> list[str]:
    return sorted(entry.skus.values_list("merchant_code", flat=True))


@transaction.atomic
def knowledge_entry_create(
    *, by: Actor, kind: str, title: str, body: str, product: Product | None = None, skus: Sequence[Sku] = ()
) -> KnowledgeEntry:
    """A new entry about ``product`` (or about the shop in general when None), for ``skus`` if named."""
    require_perm(by, "knowledge.edit")
    _check(by, kind, product)
    chosen = _check_skus(by, skus, product)
    title, body = text(title, "title", max_length=120), text(body, "body")
    entry = KnowledgeEntry.objects.create(
        product=product, kind=kind, title=title, body=body, search_text=search.search_text(title, body)
    )
    entry.skus.set(chosen)
    after = snapshot(entry, _FIELDS)
    if chosen:
        after["skus"] = _sku_codes(entry)
    audit_record(actor=by, action="catalog.knowledge.create", obj=entry, after=after)
    return entry


@transaction.atomic
def knowledge_entry_update(
    *,
    by: Actor,
    entry: KnowledgeEntry,
    kind: str,
    title: str,
    body: str,
    product: Product | None,
    skus: Sequence[Sku] | None = None,
) -> KnowledgeEntry:
    """Change an entry; ``skus`` None keeps the SKUs it is for, a list replaces them (empty: none)."""
    require_perm(by, "knowledge.edit")
    if entry.product_id is not None:
        require_product_access(user=by, product_id=entry.product_id)
    _check(by, kind, product)
    title, body = text(title, "title", max_length=120), text(body, "body")
    entry = KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)
    if skus is None:  # kept: those of another product go when the entry moves to a different product
        skus = [sku for sku in entry.skus.all() if product is None or sku.product_id == product.pk]
    chosen = _check_skus(by, skus, product)
    before = {**snapshot(entry, _FIELDS), "skus": _sku_codes(entry)}
    entry.product, entry.kind, entry.title, entry.body = product, kind, title, body
    old, new = changed(before, {**snapshot(entry, _FIELDS), "skus": sorted(sku.merchant_code for sku in chosen)})
    if new:
        entry.search_text = search.search_text(title, body)
        entry.updated_at = timezone.now()
        entry.save()
        if "skus" in new:
            entry.skus.set(chosen)
        audit_record(actor=by, action="catalog.knowledge.update", obj=entry, before=old, after=new)
    return entry


@transaction.atomic
def knowledge_entry_delete(*, by: Actor, entry: KnowledgeEntry) -> None:
    require_perm(by, "knowledge.edit")
    if entry.product_id is not None:
        require_product_access(user=by, product_id=entry.product_id)
    entry = KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)
    # Recorded before the row goes, so the audit row keeps its id and full content.
    audit_record(actor=by, action="catalog.knowledge.delete", obj=entry, before=snapshot(entry, _FIELDS))
    entry.delete()
