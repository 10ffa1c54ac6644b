"""Console pages of store ratings (评价): the filtered list (low ratings stand out) and the rating file import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exports import file_response
from zhanggui.core.forms import for_user
from zhanggui.core.models import ImportJob
from zhanggui.core.views.base import ConsoleView
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.imports import ImportConsole, import_job_columns
from zhanggui.core.views.tables import Column

from ..forms.ratings import RatingFilterForm, RatingImportForm
from ..imports import ratings as rating_imports
from ..models import StoreRating
from ..selectors.ratings import LOW_RATING, rating_list

IMPORT = "ratings.import"
CELL = "orders/rating_cell.html"


def rating_colour(rating: StoreRating) -> str:
    """Low ratings in red, middling in yellow, good in green."""
    if rating.rating <= LOW_RATING:
        return "red"
    return "yellow" if rating.rating == 3 else "green"


class RatingListView(ObjectListView):
    """Buyers' ratings of the stores, newest first; two stars or fewer are marked red."""

    permission = "ratings.view"
    title = _("Store ratings")
    list_key = "orders.rating"
    create_url = reverse_lazy("orders:rating_import_start")  # type: ignore[assignment]
    create_permission = IMPORT
    default_sort = "-rated_at"
    columns = [
        Column("rated_at", _("Rated"), sort="rated_at", compact=True),
        Column("store", _("Store"), value=lambda r: r.store.name, truncate=True),
        Column("rating", _("Rating"), value=lambda r: "★" * r.rating, sort="rating", badge=rating_colour),
        Column("text", _("Comment"), template=CELL, wrap=True),
        Column("product_title", _("Product"), truncate=True),
        Column("buyer_nickname", _("Buyer"), sort="buyer_nickname", truncate=True),
        Column("order", _("Order"), value=lambda r: r.order.platform_order_id if r.order_id else "", template=CELL),
        Column("platform_rating_id", _("Rating number"), truncate=True),
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.filter_form_class = for_user(RatingFilterForm, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[StoreRating]:
        return rating_list(user=self.request.user, filters=filters)


# --- the rating file --------------------------------------------------------------------------------
RATING_IMPORT = ImportConsole(
    permission=IMPORT,
    names="orders:rating_import",
    get=rating_imports.rating_import_get,
    confirm=rating_imports.rating_import_confirm,
    retry=rating_imports.rating_import_retry,
    result_labels={
        "created": _("Ratings created"),
        "updated": _("Ratings updated"),
        "unchanged": _("Ratings unchanged"),
    },
    skip_note=_("Each invalid rating is skipped on its own."),
)


class RatingImportStartView(ObjectFormView):
    """Upload a store's rating file; it is checked in the background and previewed before anything is imported."""

    permission = IMPORT
    template_name = "orders/rating_import_start.html"
    title = _("Import ratings")
    submit_label = _("Upload and check")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        return for_user(RatingImportForm, self.request.user)(data, files)

    def perform(self, form: forms.Form, obj: Any) -> str:
        data = form.cleaned_data
        job = rating_imports.rating_import_preview(
            by=self.request.user, store=data["store"], upload=data["file"], name=data["file"].name
        )
        self.success_message = _("The file is uploaded; its rows are being checked.")
        return reverse("orders:rating_import_preview", args=[job.pk])

    def get_context(self, obj: Any) -> dict[str, Any]:
        help_texts = rating_imports.COLUMN_HELP
        return {"columns": [(column, help_texts[column.key]) for column in rating_imports.COLUMNS]}


class RatingImportListView(ObjectListView):
    """The rating files the staff member uploaded, newest first."""

    permission = IMPORT
    title = _("Rating imports")
    create_url = reverse_lazy("orders:rating_import_start")  # type: ignore[assignment]
    template_name = "orders/rating_import_list.html"
    columns = import_job_columns(
        CELL,
        Column("store", _("Store"), value=lambda job: job.store.name if job.store_id else ""),
        created=("created", _("Ratings created")),
        updated=("updated", _("Ratings updated")),
    )

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[ImportJob]:
        return rating_imports.rating_import_list(user=self.request.user)


class RatingImportTemplateView(ConsoleView):
    """An empty rating file with the headers, to fill in."""

    permission = IMPORT

    def get(self, request: HttpRequest) -> HttpResponse:
        return file_response(rating_imports.rating_import_template())


urlpatterns: list = [
    path("ratings/", RatingListView.as_view(), name="rating_list"),
    path("ratings/imports/", RatingImportListView.as_view(), name="rating_import_list"),
    path("ratings/imports/new/", RatingImportStartView.as_view(), name="rating_import_start"),
    path("ratings/imports/template/", RatingImportTemplateView.as_view(), name="rating_import_template"),
    *RATING_IMPORT.job_urls("ratings/imports/"),
]
