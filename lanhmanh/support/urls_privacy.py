"""Statistics, access-log and data-subject-request pages, mounted inside support's namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
