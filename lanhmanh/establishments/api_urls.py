from rest_framework.routers import SimpleRouter

# SimpleRouter without a root view, as every app mounted under /api/v1/ (see plans/api_urls.py).
router = SimpleRouter(use_regex_path=False)

urlpatterns = [*router.urls]
