"""Reading the paperwork PDFs back in tests: each page's text, as pypdf extracts it."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF, lines joined with newlines."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_page_size_mm(data: bytes) -> tuple[float, float]:
    """The first page's width and height in millimetres, rounded to one decimal."""
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width) / 72 * 25.4, 1), round(float(box.height) / 72 * 25.4, 1)
