"""Every kind of import, registered by its app in ``AppConfig.ready`` with ``importer_register``.

The background check and run of a job find its importer here by the job's ``kind``, so one pair
of generic tasks (``core.tasks``) serves every app's imports.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .validating import Importer

_IMPORTERS: dict[str, Importer] = {}


def importer_register(importer: Importer) -> Importer:
    if not importer.kind:
        raise ImproperlyConfigured(f"{type(importer).__name__} declares no kind")
    if _IMPORTERS.get(importer.kind, importer) is not importer:
        raise ImproperlyConfigured(f"two importers declare the kind {importer.kind!r}")
    _IMPORTERS[importer.kind] = importer
    return importer


def importer_for_kind(kind: str) -> Importer | None:
    return _IMPORTERS.get(kind)
