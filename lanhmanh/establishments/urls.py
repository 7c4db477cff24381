from django.urls import URLPattern

app_name = "establishments"
urlpatterns: list[URLPattern] = []
