"""Forms shared by every console page, and the base that styles widgets with Tabler's classes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .audit import audit_action_choices
from .durations import MINUTES_PER
from .models import AuditEvent

# Django's empty choice, which nobody should read in a select.
DJANGO_BLANK = "---------"


CHECKS_TEMPLATE = "core/widgets/checks.html"
CHECK_OPTION_TEMPLATE = "core/widgets/check_option.html"


class StyledForm(forms.Form):
    """Adds Tabler's classes to every widget and words the empty choice of every select. Forms whose
    choices depend on the staff member's stores read ``self.user`` (see ``for_user``).

    The empty choice reads ``empty_choice_label``: "Choose…" where a value is picked (a batch bar, an
    edit form); filter forms say "All" (``FilterForm``).
    """

    user: Actor = None
    empty_choice_label: Any = _("Choose…")
    # Fields a list shows folded under "More filters" (opened while one of them filters the list).
    more_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self.word_empty_choice(field)
            widget = field.widget
            if isinstance(widget, forms.MultiWidget):
                continue  # its parts carry their own classes
            if isinstance(widget, forms.RadioSelect):
                # Tabler's checks, one per choice, on a line (Django's plain list read as a column of
                # single characters beside a form-control class).
                widget.template_name, widget.option_template_name = CHECKS_TEMPLATE, CHECK_OPTION_TEMPLATE
                widget.attrs["class"] = "form-check-input"
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in self.more_fields]

    @property
    def folded_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.more_fields if name in self.fields]

    @property
    def folded_in_use(self) -> bool:
        """Whether a folded field filters the list now (or has an error): then the fold starts open."""
        return any(self.data.get(field.html_name) not in (None, "") or field.errors for field in self.folded_fields)

    def word_empty_choice(self, field: forms.Field) -> None:
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_BLANK:
                field.empty_label = self.empty_choice_label
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if any(label == DJANGO_BLANK for _value, label in choices):
                field.choices = [
                    (value, self.empty_choice_label if label == DJANGO_BLANK else label) for value, label in choices
                ]


class FilterForm(StyledForm):
    """A list's filters: an empty choice means no filter on that field."""

    empty_choice_label = _("All")


def for_user(form_class: type[forms.Form], user: Actor) -> type[forms.Form]:
    """``form_class`` bound to ``user``, so generic views can build it with their usual arguments."""
    return type(form_class.__name__, (form_class,), {"user": user})


class DateInput(forms.DateInput):
    input_type = "date"


UNIT_LABELS = {"minutes": _("minutes"), "hours": _("hours"), "days": _("days")}


class DurationWidget(forms.MultiWidget):
    """An amount and its unit side by side."""

    template_name = "core/widgets/duration.html"

    def __init__(self, units: tuple[str, ...], base: str) -> None:
        self.units, self.base = units, base
        number = forms.NumberInput(attrs={"min": 1, "class": "form-control"})
        unit = forms.Select(choices=[(u, UNIT_LABELS[u]) for u in units], attrs={"class": "form-select"})
        super().__init__([number, unit])

    def decompress(self, value: Any) -> list[Any]:
        """A stored amount in the largest offered unit that says it exactly (4320 minutes → 3 days)."""
        if value in (None, ""):
            return [None, self.units[-1]]
        minutes = int(value) * MINUTES_PER[self.base]
        for unit in reversed(self.units):
            if minutes % MINUTES_PER[unit] == 0:
                return [minutes // MINUTES_PER[unit], unit]
        return [value, self.base]


class DurationField(forms.MultiValueField):
    """A duration typed as an amount and a unit (hours, days), cleaned to whole ``base`` units.

    The service keeps its own unit (``unpaid_timeout_minutes``); people type "3 days".
    """

    def __init__(self, *, units: tuple[str, ...] = ("hours", "days"), base: str = "minutes", **kwargs: Any) -> None:
        self.base = base
        fields = (forms.IntegerField(min_value=1), forms.ChoiceField(choices=[(u, UNIT_LABELS[u]) for u in units]))
        super().__init__(fields, widget=DurationWidget(units, base), require_all_fields=True, **kwargs)

    def compress(self, data_list: list[Any]) -> int | None:
        if not data_list:
            return None
        amount, unit = data_list
        minutes = amount * MINUTES_PER[unit]
        if minutes % MINUTES_PER[self.base]:
            raise forms.ValidationError(
                _("Give a whole number of %(unit)s."), code="whole_units", params={"unit": UNIT_LABELS[self.base]}
            )
        return minutes // MINUTES_PER[self.base]


class AuditFilterForm(FilterForm):
    actor = forms.CharField(label=_("Actor"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    # The store model reached through the audit row's foreign key: the kernel imports no context.
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=AuditEvent._meta.get_field("store").related_model.objects.all(), required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is built: the apps register their actions in ready().
        self.fields["action"].choices = [("", self.empty_choice_label), *audit_action_choices()]


class SavedFilterForm(forms.Form):
    list_key = forms.CharField(max_length=80)
    name = forms.CharField(label=_("Name"), max_length=60)
    query = forms.CharField(max_length=2000, required=False)
    next = forms.CharField(max_length=2000, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
