from django.urls import URLPattern, path

from lanhmanh.core import views

app_name = "core"
urlpatterns: list[URLPattern] = [
    path("audit/", views.audit_list, name="audit_list"),
]
