"""Forms shared by every console page, and the base that styles widgets with Tabler's classes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .models import AuditEvent


class StyledForm(forms.Form):
    """Adds Tabler's classes to every widget. Forms whose choices depend on the staff member's
    stores read ``self.user`` (see ``for_user``)."""

    user: Actor = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def for_user(form_class: type[forms.Form], user: Actor) -> type[forms.Form]:
    """``form_class`` bound to ``user``, so generic views can build it with their usual arguments."""
    return type(form_class.__name__, (form_class,), {"user": user})


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    # The store model reached through the audit row's foreign key: the kernel imports no context.
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=AuditEvent._meta.get_field("store").related_model.objects.all(), required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)


class SavedFilterForm(forms.Form):
    list_key = forms.CharField(max_length=80)
    name = forms.CharField(label=_("Name"), max_length=60)
    query = forms.CharField(max_length=2000, required=False)
    next = forms.CharField(max_length=2000, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
