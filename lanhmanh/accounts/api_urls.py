from rest_framework.routers import SimpleRouter

from lanhmanh.accounts.api import AgencyViewSet

# SimpleRouter: several apps mount their routers under /api/v1/, so none of them adds a root view.
router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")

urlpatterns = [*router.urls]
