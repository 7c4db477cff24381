from django.urls import include, path

app_name = "support"
urlpatterns = [
    # Statistics, the access-log pages and data-subject requests (views_privacy.py).
    path("", include("lanhmanh.support.urls_privacy")),
]
