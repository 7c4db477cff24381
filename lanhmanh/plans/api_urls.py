from rest_framework.routers import SimpleRouter

from lanhmanh.plans.api import (
    ManualValueViewSet,
    MeasureViewSet,
    PlanViewSet,
    TargetViewSet,
    TaskUpdateViewSet,
    TaskViewSet,
)

# SimpleRouter: several apps mount their routers under /api/v1/, so none of them adds a root view.
# Path converters (`lookup_value_converter = "int"`) make a non-numeric id a plain 404 and give the
# schema integer ids.
router = SimpleRouter(use_regex_path=False)
router.register("plans", PlanViewSet, basename="plan")
router.register("targets", TargetViewSet, basename="target")
router.register("measures", MeasureViewSet, basename="measure")
router.register("tasks", TaskViewSet, basename="task")
router.register("task-updates", TaskUpdateViewSet, basename="task-update")
router.register("manual-values", ManualValueViewSet, basename="manual-value")

urlpatterns = [*router.urls]
