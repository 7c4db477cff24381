from django.urls import URLPattern

app_name = "communes"
urlpatterns: list[URLPattern] = []
