"""Product knowledge: word search for agents, and pages to write and correct entries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.forms import for_user
from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectFormView

from .. import selectors, services
from ..forms.knowledge import KnowledgeForm, KnowledgeSearchForm
from ..models import KnowledgeEntry
from ..selectors.search import highlight, query_tokens


class KnowledgeSearchView(ConsoleView):
    """Search by words (``羽绒服 充绒量``); each result shows the matching words highlighted."""

    permission = "knowledge.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = KnowledgeSearchForm(request.GET or None)
        query, kind, product_id = "", "", None
        if form.is_valid():
            query, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
        if (product := request.GET.get("product", "")).isdigit():
            product_id = int(product)
        user = request.user
        if query:
            entries = selectors.knowledge_search(user=user, query=query, product=product_id, kind=kind)
        else:
            entries = selectors.knowledge_list(user=user, filters={"product": product_id, "kind": kind})
        page = Paginator(entries, 20).get_page(request.GET.get("page"))
        tokens = query_tokens(query)
        results = [
            {"entry": entry, "title": highlight(entry.title, tokens), "body": highlight(entry.body, tokens)}
            for entry in page.object_list
        ]
        params = request.GET.copy()
        params.pop("page", None)
        context = {
            "title": _("Product knowledge"),
            "form": form,
            "query": query,
            "page": page,
            "results": results,
            "params": params.urlencode(),
            "can_edit": has_perm(user, "knowledge.edit"),
        }
        return render(request, "catalog/knowledge_search.html", context)


class KnowledgeFormMixin(ObjectFormView):
    permission = "knowledge.edit"
    form_class = KnowledgeForm

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        return for_user(self.form_class, self.request.user)(data, files, initial=self.get_initial(obj))


class KnowledgeCreateView(KnowledgeFormMixin):
    title = gettext_lazy("New knowledge entry")

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {"product": self.request.GET.get("product"), "kind": self.request.GET.get("kind")}

    def perform(self, form: Any, obj: Any) -> str:
        entry = services.knowledge_entry_create(by=self.request.user, **form.cleaned_data)
        return entry.product.get_absolute_url() + "#knowledge" if entry.product else reverse("catalog:knowledge_search")


class KnowledgeEditView(KnowledgeFormMixin):
    title = gettext_lazy("Edit knowledge entry")
    template_name = "catalog/knowledge_form.html"

    def get_object(self) -> KnowledgeEntry:
        return selectors.knowledge_get(user=self.request.user, entry_id=self.kwargs["pk"])

    def get_initial(self, obj: KnowledgeEntry) -> dict[str, Any]:
        skus = [sku.pk for sku in obj.skus.all()]
        return {"product": obj.product_id, "kind": obj.kind, "title": obj.title, "body": obj.body, "skus": skus}

    def perform(self, form: Any, obj: KnowledgeEntry) -> str:
        entry = services.knowledge_entry_update(by=self.request.user, entry=obj, **form.cleaned_data)
        return entry.product.get_absolute_url() + "#knowledge" if entry.product else reverse("catalog:knowledge_search")


class KnowledgeDeleteView(ConsoleView):
    permission = "knowledge.edit"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = selectors.knowledge_get(user=request.user, entry_id=pk)
        try:
            services.knowledge_entry_delete(by=request.user, entry=entry)
            messages.success(request, _("Entry %(title)s deleted.") % {"title": entry.title})
        except ServiceError as exc:
            apply_service_error(None, request, exc)
        return HttpResponseRedirect(reverse("catalog:knowledge_search"))
