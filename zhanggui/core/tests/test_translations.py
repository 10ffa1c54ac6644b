"""Chinese is the default language: every app's catalogue is complete and compiled."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

APPS_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(APPS_DIR.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, first msgstr, fuzzy) for each entry of a .po file; an entry with a context has the
    msgid the compiled catalogue knows it by (context, EOT, msgid)."""
    entries, msgid, msgstr, fuzzy, target, context = [], None, None, False, None, ""
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            context = ast.literal_eval(line[8:]) + "\x04"
        elif line.startswith("msgid "):
            msgid, target = ast.literal_eval(line[6:]), "id"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            msgstr, target = ast.literal_eval(line.split(" ", 1)[1]), "str"
        elif line.startswith("msgid_plural") or line.startswith("msgstr["):
            target = None
        elif line.startswith('"') and target:
            if target == "id":
                msgid += ast.literal_eval(line)
            else:
                msgstr += ast.literal_eval(line)
        elif not line.strip() and msgid is not None:
            entries.append((context + msgid if msgid else msgid, msgstr or "", fuzzy))
            msgid, msgstr, fuzzy, target, context = None, None, False, None, ""
    return [e for e in entries if e[0]]


def test_every_app_with_strings_has_a_chinese_catalogue():
    apps = {p.parts[-5] for p in CATALOGUES}
    assert {"core", "accounts", "stores", "catalog"} <= apps


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete(po):
    untranslated = [msgid for msgid, msgstr, fuzzy in _entries(po) if not msgstr or fuzzy]
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches(po):
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr, _fuzzy in _entries(po):
        if "%(counter)s" in msgid:
            continue  # plural entries are looked up with ngettext
        assert compiled.gettext(msgid) == msgstr, msgid
