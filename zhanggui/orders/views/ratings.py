"""Console pages of store reviews (评价): the filtered list (low ratings stand out) and the review file import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import DateInput, StyledForm, for_user
from zhanggui.core.models import ImportJob
from zhanggui.core.permissions import scope_to_stores
from zhanggui.core.views.base import ConsoleView
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.imports import ImportConsole, import_job_columns
from zhanggui.core.views.tables import Column
from zhanggui.stores.models import Store

from ..imports import ratings as imports_reviews
from ..models import StoreReview
from ..selectors.ratings import LOW_RATING, review_list

IMPORT = "reviews.import"
CELL = "orders/rating_cell.html"
RATING_CHOICES = [("", _("All")), *((str(n), "★" * n) for n in range(5, 0, -1))]


def _stores(user: Any) -> QuerySet[Store]:
    return scope_to_stores(Store.objects.order_by("name"), user, lookup="pk")


def rating_colour(review: StoreReview) -> str:
    """Low ratings in red, middling in yellow, good in green."""
    if review.rating <= LOW_RATING:
        return "red"
    return "yellow" if review.rating == 3 else "green"


class ReviewFilterForm(StyledForm):
    """Filters of the review list; the keys are those of the ``review_list`` selector."""

    keyword = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.none(), required=False, empty_label=_("All")
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"), required=False, choices=RATING_CHOICES, coerce=int, empty_value=None
    )
    rating_max = forms.TypedChoiceField(
        label=_("Rating up to"), required=False, choices=RATING_CHOICES, coerce=int, empty_value=None
    )
    reviewed_from = forms.DateField(label=_("Reviewed from"), required=False, widget=DateInput)
    reviewed_to = forms.DateField(label=_("Reviewed to"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keyword"].widget.attrs["placeholder"] = _("Text, product, buyer, review or order number")
        self.fields["store"].queryset = _stores(self.user)  # type: ignore[attr-defined]

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None


class ReviewListView(ObjectListView):
    """Buyers' reviews of the stores, newest first; two stars or fewer are marked red."""

    permission = "reviews.view"
    title = _("Store reviews")
    list_key = "orders.review"
    create_url = reverse_lazy("orders:review_import_start")  # type: ignore[assignment]
    create_permission = IMPORT
    default_sort = "-reviewed_at"
    columns = [
        Column("reviewed_at", _("Reviewed"), sort="reviewed_at"),
        Column("store", _("Store"), value=lambda r: r.store.name),
        Column("rating", _("Rating"), value=lambda r: "★" * r.rating, sort="rating", badge=rating_colour),
        Column("text", _("Review"), template=CELL),
        Column("product_title", _("Product")),
        Column("buyer_nickname", _("Buyer"), sort="buyer_nickname"),
        Column("order", _("Order"), value=lambda r: r.order.platform_order_id if r.order_id else "", template=CELL),
        Column("platform_review_id", _("Review number")),
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.filter_form_class = for_user(ReviewFilterForm, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[StoreReview]:
        return review_list(user=self.request.user, filters=filters)


# --- the review file --------------------------------------------------------------------------------
REVIEW_IMPORT = ImportConsole(
    permission=IMPORT,
    names="orders:review_import",
    get=imports_reviews.review_import_get,
    confirm=imports_reviews.review_import_confirm,
    retry=imports_reviews.review_import_retry,
    result_labels={
        "created": _("Reviews created"),
        "updated": _("Reviews updated"),
        "unchanged": _("Reviews unchanged"),
    },
)


class ReviewImportForm(StyledForm):
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    file = forms.FileField(
        label=_("Review file"),
        help_text=_("XLSX or CSV (UTF-8 or GBK), one row per review."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = _stores(self.user)  # type: ignore[attr-defined]


class ReviewImportStartView(ObjectFormView):
    """Upload a store's review file; it is checked in the background and previewed before anything is imported."""

    permission = IMPORT
    template_name = "orders/rating_import_start.html"
    title = _("Import reviews")
    submit_label = _("Upload and check")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        return for_user(ReviewImportForm, self.request.user)(data, files)

    def perform(self, form: forms.Form, obj: Any) -> str:
        data = form.cleaned_data
        job = imports_reviews.review_import_preview(
            by=self.request.user, store=data["store"], upload=data["file"], name=data["file"].name
        )
        self.success_message = _("The file is uploaded; its rows are being checked.")
        return reverse("orders:review_import_preview", args=[job.pk])

    def get_context(self, obj: Any) -> dict[str, Any]:
        help_texts = imports_reviews.COLUMN_HELP
        return {"columns": [(column, help_texts[column.key]) for column in imports_reviews.COLUMNS]}


class ReviewImportListView(ObjectListView):
    """The review files the staff member uploaded, newest first."""

    permission = IMPORT
    title = _("Review imports")
    create_url = reverse_lazy("orders:review_import_start")  # type: ignore[assignment]
    template_name = "orders/rating_import_list.html"
    columns = import_job_columns(
        CELL,
        Column("store", _("Store"), value=lambda job: job.store.name if job.store_id else ""),
        created=("created", _("Reviews created")),
        updated=("updated", _("Reviews updated")),
    )

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[ImportJob]:
        return imports_reviews.review_import_list(user=self.request.user)


class ReviewImportTemplateView(ConsoleView):
    """An empty review file with the headers, to fill in."""

    permission = IMPORT

    def get(self, request: HttpRequest) -> HttpResponse:
        return imports_reviews.review_import_template()


urlpatterns: list = [
    path("reviews/", ReviewListView.as_view(), name="review_list"),
    path("reviews/imports/", ReviewImportListView.as_view(), name="review_import_list"),
    path("reviews/imports/new/", ReviewImportStartView.as_view(), name="review_import_start"),
    path("reviews/imports/template/", ReviewImportTemplateView.as_view(), name="review_import_template"),
    *REVIEW_IMPORT.job_urls("reviews/imports/"),
]
