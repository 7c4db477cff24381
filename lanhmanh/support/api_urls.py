from rest_framework.routers import SimpleRouter

from lanhmanh.support.api import CaseViewSet, ProviderViewSet, ReferralViewSet
from lanhmanh.support.api_urls_privacy import urlpatterns as privacy_urlpatterns

# SimpleRouter without a root view, as every app mounted under /api/v1/ (see plans/api_urls.py).
# Mounted under /api/v1/support/.
router = SimpleRouter(use_regex_path=False)
router.register("cases", CaseViewSet, basename="support-case")
router.register("referrals", ReferralViewSet, basename="support-referral")
router.register("providers", ProviderViewSet, basename="support-provider")

urlpatterns = [*router.urls, *privacy_urlpatterns]
