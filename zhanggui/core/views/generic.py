"""Generic console pages, so an app's list, detail and edit pages are mostly declarations.

ObjectListView: filters (a form over GET), sorting by whitelisted columns, pagination, saved
filters, batch actions (POST, each with its own permission and form), CSV/XLSX export of the
filtered rows, and an htmx partial that refreshes only the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..actors import Actor
from ..audit import audit_action_known, audit_actions_register
from ..exceptions import ServiceError
from ..exports import export_file, file_response
from ..htmx import htmx_partial
from ..models import SavedFilter
from ..pagination import CappedPaginator
from ..permissions import has_perm
from .base import ConsoleView, apply_service_error
from .tables import Column

PAGE_SIZES = (20, 50, 100)
TABLE_TARGET = "list-table"


@dataclass(frozen=True)
class BatchAction:
    """An action on the selected rows; ``method`` names the view method that performs it.

    An action answering with a file (a PDF to print) names its own ``url`` instead: the browser
    posts the selection there directly and shows the file, the table stays as it is. ``confirm``
    is asked before the action runs.
    """

    name: str
    label: Any
    permission: str
    method: str = ""
    form_class: type[forms.Form] | None = None
    style: str = "primary"
    url: Any = None
    confirm: Any = ""


class SelectionForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices are whatever the user may see; validated against the scoped queryset later.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()  # type: ignore[attr-defined]
        self.fields["ids"].error_messages["required"] = gettext_lazy("Select at least one row.")


class ObjectListView(ConsoleView):
    """A filtered, sortable, paginated table with batch actions and export."""

    title: Any = ""
    list_key: str = ""  # names the list for saved filters, e.g. "catalog.sku"
    columns: list[Column] = []
    filter_form_class: type[forms.Form] | None = None
    batch_actions: list[BatchAction] = []
    export_permission: str | None = None
    export_name: str = "export"
    default_sort: str = ""
    create_url: str | None = None
    create_permission: str | None = None
    template_name = "core/list.html"
    table_template = "core/list_table.html"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Its export is an audited action of its own: the audit log names it and filters by it.
        action = f"{cls.list_key}.export"
        if cls.list_key and cls.export_permission and not audit_action_known(action):
            audit_actions_register({action: format_lazy("{} · {}", gettext_lazy("Export"), cls.title)})

    # --- to override -------------------------------------------------------------------
    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        raise NotImplementedError

    def rows_of(self, objects: Iterable[Any]) -> Iterable[Any]:
        """The listed objects as the columns read them (the page's and the export's): a list adds
        here what its cells need from elsewhere, in a fixed number of queries, never one per row."""
        return objects

    # --- GET ---------------------------------------------------------------------------
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, filters = self.filters(request)
        queryset = self.sorted(self.get_queryset(filters), request.GET.get("sort", ""))
        export = request.GET.get("export")
        if export in ("csv", "xlsx") and self.export_permission:
            if not has_perm(request.user, self.export_permission):
                raise PermissionDenied
            return file_response(
                export_file(
                    columns=[c.as_export() for c in self.columns_for(request.user) if c.export],
                    objects=self.rows_of(queryset.iterator(chunk_size=2000)),
                    count=queryset.count,
                    user=request.user,
                    file_format=export,
                    filename=self.export_name,
                    action=f"{self.list_key}.export",
                    description=str(self.title),
                )
            )
        return self.render_list(request, form, queryset)

    def filters(self, request: HttpRequest) -> tuple[forms.Form | None, dict[str, Any]]:
        if self.filter_form_class is None:
            return None, {}
        form = self.filter_form_class(request.GET or None)
        if form.is_bound and form.is_valid():
            return form, {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        return form, {}

    def columns_for(self, user: Actor) -> list[Column]:
        """The columns ``user`` may see: those without a permission, and those whose permission they hold."""
        return [c for c in self.columns if c.permission is None or has_perm(user, c.permission)]

    def sortable(self) -> dict[str, str]:
        return {c.key: c.sort for c in self.columns_for(self.request.user) if c.sort}

    def sorted(self, queryset: QuerySet[Any], sort: str) -> QuerySet[Any]:
        key = sort.lstrip("-")
        field = self.sortable().get(key)
        if field:
            return queryset.order_by(("-" if sort.startswith("-") else "") + field, "-pk")
        return queryset.order_by(self.default_sort, "-pk") if self.default_sort else queryset

    def page_size(self, request: HttpRequest) -> int:
        try:
            size = int(request.GET.get("page_size", PAGE_SIZES[1]))
        except ValueError:
            size = PAGE_SIZES[1]
        return size if size in PAGE_SIZES else PAGE_SIZES[1]

    def render_list(
        self, request: HttpRequest, form: forms.Form | None, queryset: QuerySet[Any], status: int = 200
    ) -> HttpResponse:
        page = CappedPaginator(queryset, self.page_size(request)).get_page(request.GET.get("page"))
        query = request.GET.copy()
        for transient in ("page", "export", "sort"):
            query.pop(transient, None)
        actions = [a for a in self.batch_actions if has_perm(request.user, a.permission)]
        columns = self.columns_for(request.user)
        context = {
            "title": self.title,
            "list_key": self.list_key,
            "columns": columns,
            "page": page,
            "rows": [(obj, [c.render(obj) for c in columns]) for obj in self.rows_of(page.object_list)],
            "filter_form": form,
            "sort": request.GET.get("sort", ""),
            "query": query.urlencode(),
            "full_query": request.GET.urlencode(),
            "page_sizes": PAGE_SIZES,
            "batch_actions": [(a, a.form_class(prefix=a.name) if a.form_class else None) for a in actions],
            "can_export": bool(self.export_permission) and has_perm(request.user, self.export_permission or ""),
            "saved_filters": SavedFilter.objects.filter(owner=request.user, list_key=self.list_key)
            if self.list_key
            else [],
            "create_url": self.create_url
            if self.create_url and has_perm(request.user, self.create_permission or self.permission)
            else None,
            "table_template": self.table_template,
            "table_target": TABLE_TARGET,
        }
        template = self.table_template if htmx_partial(request, TABLE_TARGET) else self.template_name
        return render(request, template, context, status=status)

    # --- POST: batch actions -------------------------------------------------------------
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = next((a for a in self.batch_actions if a.name == request.POST.get("_action")), None)
        if action is None:
            messages.error(request, _("Unknown action."))
            return self.after_post(request)
        if not has_perm(request.user, action.permission):
            raise PermissionDenied
        selection = SelectionForm(request.POST)
        action_form = action.form_class(request.POST, prefix=action.name) if action.form_class else None
        if not selection.is_valid():
            messages.error(request, _("Select at least one row."))
        elif action_form is not None and not action_form.is_valid():
            for field, errors in action_form.errors.items():
                label = action_form.fields[field].label if field in action_form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        else:
            objects = list(self.get_queryset({}).filter(pk__in=selection.cleaned_data["ids"]))
            try:
                result = getattr(self, action.method)(objects, action_form.cleaned_data if action_form else {})
                messages.success(request, result)
            except ServiceError as exc:
                apply_service_error(None, request, exc)
        return self.after_post(request)

    def after_post(self, request: HttpRequest) -> HttpResponse:
        url = request.get_full_path()
        if htmx_partial(request, TABLE_TARGET):
            form, filters = self.filters(request)
            queryset = self.sorted(self.get_queryset(filters), request.GET.get("sort", ""))
            return self.render_list(request, form, queryset)
        return HttpResponseRedirect(url)


class ObjectDetailView(ConsoleView):
    """One object's page; ``get_object`` applies scoping (another store's object is a 404)."""

    template_name = ""

    def get_object(self) -> Any:
        raise NotImplementedError

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return render(request, self.template_name, {"object": obj, **self.get_context(obj)})


class ObjectFormView(ConsoleView):
    """A form page whose POST calls one service through ``perform``; service errors land on fields."""

    form_class: type[forms.Form] = forms.Form
    template_name = "core/form.html"
    title: Any = ""
    submit_label: Any = gettext_lazy("Save")
    success_message: Any = gettext_lazy("Saved.")

    def get_object(self) -> Any:
        return None

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        return self.form_class(data, files, initial=self.get_initial(obj))

    def perform(self, form: forms.Form, obj: Any) -> str:
        """Call the service; return the URL to go to next."""
        raise NotImplementedError

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def render_form(self, request: HttpRequest, form: forms.Form, obj: Any, status: int = 200) -> HttpResponse:
        context = {"form": form, "object": obj, "title": self.title, "submit_label": self.submit_label}
        return render(request, self.template_name, {**context, **self.get_context(obj)}, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(request, self.get_form(obj), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                next_url = self.perform(form, obj)
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(next_url)
        return self.render_form(request, form, obj, status=422)
