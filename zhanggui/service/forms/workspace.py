"""Forms of the live workspace: the composer, the buyer's tags and notes.

Forms only parse input; the services check the rules and name the failing field, which the views put
back on these forms' fields (so field names follow the services' argument names).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from ..constants import MESSAGE_MAX_CHARS

TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")


class ComposerForm(StyledForm):
    """What the agent writes: a reply to the buyer, or an internal note."""

    body = forms.CharField(label=_("Message"), max_length=MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}))


class TagsForm(StyledForm):
    """The buyer's tags as one line, separated by commas or spaces (VIP, 老客户)."""

    tags = forms.CharField(label=_("Tags"), required=False, max_length=300)

    def clean_tags(self) -> list[str]:
        raw: Any = self.cleaned_data.get("tags") or ""
        return [tag for tag in TAG_SEPARATORS.split(raw) if tag]


class ContactNoteForm(StyledForm):
    body = forms.CharField(label=_("Note on the buyer"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
