from rest_framework.routers import SimpleRouter

from lanhmanh.outreach.api import (
    IntegratedPlanViewSet,
    MediaItemViewSet,
    OfficialViewSet,
    OutreachEventViewSet,
    TrainingCourseViewSet,
)

# SimpleRouter without a root view, as every app mounted under /api/v1/ (see plans/api_urls.py).
router = SimpleRouter(use_regex_path=False)
router.register("outreach-events", OutreachEventViewSet, basename="outreach-event")
router.register("media-items", MediaItemViewSet, basename="media-item")
router.register("training-courses", TrainingCourseViewSet, basename="training-course")
router.register("officials", OfficialViewSet, basename="official")
router.register("integrated-plans", IntegratedPlanViewSet, basename="integrated-plan")

urlpatterns = [*router.urls]
