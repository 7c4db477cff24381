from rest_framework.routers import SimpleRouter

from lanhmanh.inspections.api import (
    InspectionScheduleViewSet,
    InspectionTeamViewSet,
    InspectionViewSet,
    ViolationTypeViewSet,
)

# SimpleRouter without a root view, as every app mounted under /api/v1/ (see plans/api_urls.py).
router = SimpleRouter(use_regex_path=False)
router.register("inspection-teams", InspectionTeamViewSet, basename="inspection-team")
router.register("inspection-schedules", InspectionScheduleViewSet, basename="inspection-schedule")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("violations", ViolationTypeViewSet, basename="violation-type")

urlpatterns = [*router.urls]
