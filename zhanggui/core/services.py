"""Writes of the shared kernel: saved filters."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .actors import Actor
from .exceptions import NotFoundError, ValidationFailed
from .models import SavedFilter


@transaction.atomic
def saved_filter_save(*, by: Actor, list_key: str, name: str, query: str) -> SavedFilter:
    """Save (or overwrite) the caller's named filter for a list. Personal, so not audited."""
    name = name.strip()
    if not name:
        raise ValidationFailed.for_field("name", _("Give the filter a name."))
    saved, _created = SavedFilter.objects.update_or_create(
        owner_id=by.pk, list_key=list_key, name=name, defaults={"query": query.lstrip("?")}
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, by: Actor, saved_filter_id: int) -> None:
    deleted, _rows = SavedFilter.objects.filter(owner_id=by.pk, pk=saved_filter_id).delete()
    if not deleted:
        raise NotFoundError()
