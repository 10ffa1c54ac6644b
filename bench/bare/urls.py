from django.http import HttpRequest, JsonResponse
from django.urls import path

from .models import Store


def store_get(request: HttpRequest, store_id: int) -> JsonResponse:
    store = Store.objects.values("id", "code", "name", "platform").get(pk=store_id)
    return JsonResponse(store)


urlpatterns = [path("stores/<int:store_id>", store_get)]
