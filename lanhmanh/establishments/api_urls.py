from rest_framework.routers import SimpleRouter

from lanhmanh.establishments.api import EstablishmentViewSet

# SimpleRouter without a root view, as every app mounted under /api/v1/ (see plans/api_urls.py).
router = SimpleRouter(use_regex_path=False)
router.register("establishments", EstablishmentViewSet, basename="establishment")

urlpatterns = [*router.urls]
