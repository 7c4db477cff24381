"""API routes for statistics, the access log and data-subject requests (under /api/v1/support/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
