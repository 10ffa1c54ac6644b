"""Accuracy of suggested answers and intent labels on the labelled buyer questions.

    .venv/bin/python bench/suggestions_accuracy.py [--size N] [--misses]

``--size``: products per product line in the corpus (1: the product asked about only; more add
competing products' FAQ). Prints the misses on request, then one JSON line with the figures.
No database needed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanggui.settings.test")

import django

django.setup()

from zhanggui.service.tests.evaluation import evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1, help="products per product line (default 1)")
    parser.add_argument("--misses", action="store_true", help="print each question answered wrongly")
    args = parser.parse_args()
    figures = evaluate(size=args.size)
    misses = figures.pop("misses")
    if args.misses:
        for miss in misses:
            print(json.dumps(miss, ensure_ascii=False))
    figures["misses"] = len(misses)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
