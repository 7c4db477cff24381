from django.urls import URLPattern

app_name = "peergroups"
urlpatterns: list[URLPattern] = []
