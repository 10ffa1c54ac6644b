"""The product page's pictures: upload, move (first = main), remove, choose the SKUs a picture stands for.

Each action is a POST with the CSRF token that goes back to the product page; a refused upload
says which field and why in a message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.views.base import ConsoleView

from .. import selectors, services
from ..forms.images import ProductImageForm, ProductImageMoveForm, ProductImageSkusForm
from ..models import ProductImage


def _back(product_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("catalog:product_detail", args=[product_id]) + "#pictures")


def _report(request: HttpRequest, form: forms.Form, errors: list[tuple[str, str]]) -> None:
    """Each error as a message led by its field's label (``Picture: The file is not a JPEG…``)."""
    for field, message in errors:
        label = form.fields[field].label if field in form.fields else None
        messages.error(request, f"{label}: {message}" if label else message)


def _form_errors(form: forms.Form) -> list[tuple[str, str]]:
    return [(field, str(message)) for field, messages_ in form.errors.items() for message in messages_]


class ProductImageUploadView(ConsoleView):
    permission = "catalog.edit"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        product = selectors.product_get(user=request.user, product_id=pk)
        form = ProductImageForm(request.POST, request.FILES)
        if not form.is_valid():
            _report(request, form, _form_errors(form))
            return _back(product.pk)
        try:
            services.product_image_add(by=request.user, product=product, upload=form.cleaned_data["image"])
        except ServiceError as exc:
            _report(request, form, [(e.field, e.message) for e in exc.errors] or [("", exc.message)])
        else:
            messages.success(request, _("The picture was added."))
        return _back(product.pk)


class ProductImageActionView(ConsoleView):
    """A POST about one picture, found in the user's scope (another store's picture is missing)."""

    permission = "catalog.edit"

    def perform(self, request: HttpRequest, image: ProductImage) -> str | forms.Form:
        """The success message, or the form whose input was not valid."""
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        image = selectors.product_image_get(user=request.user, image_id=pk)
        try:
            outcome = self.perform(request, image)
        except ServiceError as exc:
            messages.error(request, "; ".join(e.message for e in exc.errors) or exc.message)
        else:
            if isinstance(outcome, forms.Form):
                _report(request, outcome, _form_errors(outcome))
            else:
                messages.success(request, outcome)
        return _back(image.product_id)


class ProductImageMoveView(ProductImageActionView):
    def perform(self, request: HttpRequest, image: ProductImage) -> str | forms.Form:
        form = ProductImageMoveForm(request.POST)
        if not form.is_valid():
            return form
        position = form.cleaned_data["position"]
        services.product_image_move(by=request.user, image=image, position=position)
        return _("The picture is now the main picture.") if position == 0 else _("The pictures' order was saved.")


class ProductImageRemoveView(ProductImageActionView):
    def perform(self, request: HttpRequest, image: ProductImage) -> str | forms.Form:
        services.product_image_remove(by=request.user, image=image)
        return _("The picture was removed.")


class ProductImageSkusView(ProductImageActionView):
    def perform(self, request: HttpRequest, image: ProductImage) -> str | forms.Form:
        form = ProductImageSkusForm(request.POST, product=image.product)
        if not form.is_valid():
            return form
        services.product_image_assign(by=request.user, image=image, skus=list(form.cleaned_data["sku_ids"]))
        return _("The SKUs shown with this picture were saved.")


def pictures_context(user: Any, product_id: int) -> dict[str, Any]:
    """What the product page's pictures card shows."""
    images = list(selectors.product_image_list(user=user, product_id=product_id))
    return {
        "images": images,
        "upload_form": ProductImageForm(),
        "picture_max_mb": settings.ZHANGGUI_IMAGE_MAX_BYTES // (1024 * 1024),
    }
