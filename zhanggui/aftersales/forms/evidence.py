"""Console forms of evidence photos and guidance to the buyer (parsed only; the services check)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from ..models import EvidenceKind


class EvidenceForm(StyledForm):
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP."))
    kind = forms.ChoiceField(label=_("What it shows"), choices=EvidenceKind.choices, initial=EvidenceKind.BUYER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


class GuidanceForm(StyledForm):
    article = forms.ModelChoiceField(label=_("Guide"), queryset=None, required=False)
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Left empty, the guide's own text is sent."),
    )

    def __init__(self, *args: Any, guides: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = guides  # type: ignore[attr-defined]
        self.fields["article"].empty_label = _("(no guide, only the message)")  # type: ignore[attr-defined]
