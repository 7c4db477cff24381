from django.urls import path

from lanhmanh.accounts.api_auth import TokenLogoutView, TokenObtainView

urlpatterns = [
    path("token/", TokenObtainView.as_view(), name="api-token"),
    path("logout/", TokenLogoutView.as_view(), name="api-logout"),
]
