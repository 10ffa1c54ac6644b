"""Console pages of the orders context: imports."""

from django.urls import path  # noqa: F401 - filled in below

urlpatterns: list = []
