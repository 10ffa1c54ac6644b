"""Evidence photos on a case (凭证): the buyer's proof of a fault, staff's own, the warehouse's inspection.

A photo is judged by its content only (``core.uploads.check_image``: JPEG, PNG or WebP within the
size and pixel limits), re-encoded without EXIF (a phone photo carries the buyer's GPS position)
and stored under a generated name with a square WebP thumbnail. Buyers' photos are personal: they
are stored outside the public media directory and served only through the console's scoped view
(``aftersales:evidence_file``) and the API, never by the web server directly.
"""

from __future__ import annotations

import uuid
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.uploads import CheckedImage, check_image

from ..models import Case, Evidence, EvidenceKind
from ..selectors.evidence import EVIDENCE_DIR, THUMBNAIL_EDGE, evidence_thumbnail_name
from .steps import authorise

MAX_EVIDENCE_PER_CASE = 12  # the platforms take 9 from the buyer; staff and the warehouse add a few


def _write(data: bytes, thumbnail: bytes, extension: str) -> str:
    key = uuid.uuid4().hex
    name = f"{EVIDENCE_DIR}/{key[:2]}/{key}.{extension}"
    written: list[str] = []
    try:
        written.append(default_storage.save(name, ContentFile(data)))
        written.append(default_storage.save(evidence_thumbnail_name(name), ContentFile(thumbnail)))
    except BaseException:
        for stored in written:
            default_storage.delete(stored)
        raise
    return name


def _delete_files(name: str) -> None:
    default_storage.delete(name)
    default_storage.delete(evidence_thumbnail_name(name))


def evidence_add(*, by: Actor, case: Case, upload: IO[bytes], kind: str = EvidenceKind.BUYER) -> Evidence:
    """Add a photo to ``case`` (at most ``MAX_EVIDENCE_PER_CASE``). Inspection photos need
    ``aftersales.handle``; the buyer's or staff's, ``aftersales.create`` (agents add what buyers send).

    Files are written only once permission, scope, count and content have passed, and removed again
    if the row cannot be written. The picture is decoded and re-encoded before the transaction, so
    no row lock (nor SQLite's write lock) waits for it.
    """
    if kind not in EvidenceKind.values:
        raise ValidationFailed.for_field("kind", _("Choose what the photo shows."))
    authorise(by, "aftersales.handle" if kind == EvidenceKind.INSPECTION else "aftersales.create", case)
    checked = check_image(upload, field="image", thumbnail_edges=(THUMBNAIL_EDGE,))
    with transaction.atomic():
        return _evidence_write(by=by, case=case, kind=kind, checked=checked)


def _evidence_write(*, by: Actor, case: Case, kind: str, checked: CheckedImage) -> Evidence:
    case = Case.objects.select_for_update().get(pk=case.pk)  # counts stay right under concurrent uploads
    if Evidence.objects.filter(case=case).count() >= MAX_EVIDENCE_PER_CASE:
        message = _("A case has at most %(count)d photos.") % {"count": MAX_EVIDENCE_PER_CASE}
        raise ValidationFailed.for_field("image", message)
    name = _write(checked.data, checked.thumbnails[THUMBNAIL_EDGE], checked.extension)
    try:
        evidence = Evidence.objects.create(
            case=case, kind=kind, file_name=name, width=checked.width, height=checked.height, uploaded_by_id=by.pk
        )
        audit_record(
            actor=by,
            action="aftersales.case.evidence_add",
            obj=case,
            after={"evidence": evidence.pk, "kind": kind, "width": checked.width, "height": checked.height},
        )
    except BaseException:
        _delete_files(name)
        raise
    return evidence
