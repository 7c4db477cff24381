from rest_framework.routers import SimpleRouter

from lanhmanh.places.api import UnitViewSet

# SimpleRouter: several apps mount their routers under /api/v1/, so none of them adds a root view.
router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")

urlpatterns = [*router.urls]
