"""Reads of evidence photos: a case's photos, and one photo's file for the scoped view and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.core.files.storage import default_storage

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, scope_to_stores

from ..models import Evidence

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
EVIDENCE_DIR = "aftersales/evidence"  # under MEDIA_ROOT, outside ZHANGGUI_PUBLIC_MEDIA_DIR: never served as is
THUMBNAIL_EDGE = 240


def evidence_thumbnail_name(file_name: str) -> str:
    """The stored name of a photo's thumbnail: ``…/<uuid>.jpg`` → ``…/<uuid>-240.webp``."""
    return f"{file_name.rsplit('.', 1)[0]}-{THUMBNAIL_EDGE}.webp"


@dataclass(frozen=True)
class EvidenceFile:
    """An open stored photo (or its thumbnail) and its content type; the caller closes ``file``."""

    file: IO[bytes]
    content_type: str
    name: str


def evidence_get(*, user: Actor, evidence_id: int) -> Evidence:
    """One photo of a case in ``user``'s stores; missing otherwise."""
    require_perm(user, "aftersales.view")
    evidence = (
        scope_to_stores(Evidence.objects.select_related("case"), user, "case__store").filter(pk=evidence_id).first()
    )
    if evidence is None:
        raise NotFoundError()
    return evidence


def evidence_list(*, user: Actor, case_id: int) -> list[Evidence]:
    require_perm(user, "aftersales.view")
    queryset = scope_to_stores(Evidence.objects.filter(case_id=case_id), user, "case__store")
    return list(queryset.select_related("uploaded_by").order_by("uploaded_at", "pk"))


def evidence_file(*, user: Actor, evidence_id: int, thumbnail: bool = False) -> EvidenceFile:
    """The stored photo (or its WebP thumbnail) of a photo ``user`` may see."""
    evidence = evidence_get(user=user, evidence_id=evidence_id)
    name = evidence_thumbnail_name(evidence.file_name) if thumbnail else evidence.file_name
    try:
        file = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise NotFoundError() from exc
    extension = name.rsplit(".", 1)[-1]
    return EvidenceFile(file=file, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"), name=name)
