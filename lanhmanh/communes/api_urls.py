from rest_framework.routers import SimpleRouter

from lanhmanh.communes.api import AssessmentViewSet, RecognitionViewSet, SchemeViewSet

# SimpleRouter with path converters, as the other apps (see lanhmanh/plans/api_urls.py).
router = SimpleRouter(use_regex_path=False)
router.register("commune-assessments", AssessmentViewSet, basename="commune-assessment")
router.register("commune-recognitions", RecognitionViewSet, basename="commune-recognition")
router.register("assessment-schemes", SchemeViewSet, basename="assessment-scheme")

urlpatterns = [*router.urls]
