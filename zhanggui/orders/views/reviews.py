"""Console pages of the orders context: reviews."""

from django.urls import path  # noqa: F401 - filled in below

urlpatterns: list = []
