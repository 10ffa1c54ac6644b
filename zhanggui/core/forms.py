from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.stores.models import Store


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.all(), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)


class SavedFilterForm(forms.Form):
    list_key = forms.CharField(max_length=80)
    name = forms.CharField(label=_("Name"), max_length=60)
    query = forms.CharField(max_length=2000, required=False)
    next = forms.CharField(max_length=2000, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
