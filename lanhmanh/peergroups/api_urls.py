from rest_framework.routers import SimpleRouter

from lanhmanh.peergroups.api import ActivityViewSet, MemberViewSet, PeerGroupViewSet

# SimpleRouter without a root view, as every app mounted under /api/v1/ (see plans/api_urls.py).
router = SimpleRouter(use_regex_path=False)
router.register("peer-groups", PeerGroupViewSet, basename="peer-group")
router.register("peer-group-members", MemberViewSet, basename="peer-group-member")
router.register("peer-group-activities", ActivityViewSet, basename="peer-group-activity")

urlpatterns = [*router.urls]
