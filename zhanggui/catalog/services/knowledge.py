"""Writes to product knowledge (selling points, FAQ answers, size charts), indexed for word search."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import text
from zhanggui.core.permissions import require_perm

from ..models import KnowledgeEntry, KnowledgeKind, Product
from ..selectors import require_product_access, search

_FIELDS = ["product", "kind", "title", "body"]


def _check(by: Actor, kind: str, product: Product | None) -> None:
    if kind not in KnowledgeKind.values:
        raise ValidationFailed.for_field("kind", _("Choose a kind of entry."))
    if product is not None:
        require_product_access(user=by, product_id=product.pk)


@transaction.atomic
def knowledge_entry_create(
    *, by: Actor, kind: str, title: str, body: str, product: Product | None = None
) -> KnowledgeEntry:
    """A new entry about ``product`` (or about the shop in general when None)."""
    require_perm(by, "knowledge.edit")
    _check(by, kind, product)
    title, body = text(title, "title", max_length=120), text(body, "body")
    entry = KnowledgeEntry.objects.create(
        product=product, kind=kind, title=title, body=body, search_text=search.search_text(title, body)
    )
    audit_record(actor=by, action="catalog.knowledge.create", obj=entry, after=snapshot(entry, _FIELDS))
    return entry


@transaction.atomic
def knowledge_entry_update(
    *, by: Actor, entry: KnowledgeEntry, kind: str, title: str, body: str, product: Product | None
) -> KnowledgeEntry:
    require_perm(by, "knowledge.edit")
    if entry.product_id is not None:
        require_product_access(user=by, product_id=entry.product_id)
    _check(by, kind, product)
    title, body = text(title, "title", max_length=120), text(body, "body")
    entry = KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)
    before = snapshot(entry, _FIELDS)
    entry.product, entry.kind, entry.title, entry.body = product, kind, title, body
    old, new = changed(before, snapshot(entry, _FIELDS))
    if new:
        entry.search_text = search.search_text(title, body)
        entry.updated_at = timezone.now()
        entry.save()
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
