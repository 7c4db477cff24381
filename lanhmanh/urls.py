from django.urls import include, path

from lanhmanh.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("lanhmanh.accounts.urls")),
    path("users/", include("lanhmanh.accounts.urls_admin")),
    path("", include("lanhmanh.plans.urls")),
    path("", include("lanhmanh.core.urls")),
    path("outreach/", include("lanhmanh.outreach.urls")),
    path("communes/", include("lanhmanh.communes.urls")),
    path("establishments/", include("lanhmanh.establishments.urls")),
    path("inspections/", include("lanhmanh.inspections.urls")),
    path("support/", include("lanhmanh.support.urls")),
    path("peer-groups/", include("lanhmanh.peergroups.urls")),
    path("api/", include("lanhmanh.api_urls")),
]
