"""The REST API: /api/v1/... plus the OpenAPI schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("v1/auth/", include("lanhmanh.accounts.api_auth_urls")),
    path("v1/", include("lanhmanh.accounts.api_urls")),
    path("v1/", include("lanhmanh.places.api_urls")),
    path("v1/", include("lanhmanh.plans.api_urls")),
    path("v1/", include("lanhmanh.outreach.api_urls")),
    path("v1/", include("lanhmanh.communes.api_urls")),
    path("v1/", include("lanhmanh.establishments.api_urls")),
    path("v1/", include("lanhmanh.inspections.api_urls")),
    path("v1/support/", include("lanhmanh.support.api_urls")),
    path("v1/", include("lanhmanh.peergroups.api_urls")),
]
