"""The category tree: see it, add a category, rename, reorder or move one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.permissions import has_perm, require_perm
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectFormView

from .. import selectors, services
from ..forms.categories import CategoryForm
from ..models import Category


class CategoryTreeView(ConsoleView):
    """The whole tree, indented, with product counts; a form to add a category beside it."""

    permission = "catalog.view"

    def get(self, request: HttpRequest, form: CategoryForm | None = None, status: int = 200) -> HttpResponse:
        context = {
            "title": _("Categories"),
            "tree": selectors.category_tree(),
            "form": form or CategoryForm(),
            "can_edit": has_perm(request.user, "catalog.edit"),
        }
        return render(request, "catalog/category_tree.html", context, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "catalog.edit")
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                category = services.category_create(by=request.user, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                messages.success(request, _("Category %(name)s added.") % {"name": category.name})
                return HttpResponseRedirect(reverse("catalog:category_list"))
        return self.get(request, form, status=422)


class CategoryEditView(ObjectFormView):
    """Rename or reorder a category, or move it (with everything below it) under another parent."""

    permission = "catalog.edit"
    title = gettext_lazy("Edit category")
    form_class = CategoryForm

    def get_object(self) -> Category:
        return selectors.category_get(category_id=self.kwargs["pk"])

    def get_initial(self, obj: Category) -> dict[str, Any]:
        return {"name": obj.name, "parent": obj.parent_id, "sort_order": obj.sort_order}

    def perform(self, form: Any, obj: Category) -> str:
        data = form.cleaned_data
        services.category_change(
            by=self.request.user,
            category=obj,
            name=data["name"],
            sort_order=data["sort_order"],
            parent=data["parent"],
        )
        return reverse("catalog:category_list")
