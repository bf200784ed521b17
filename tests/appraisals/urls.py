"""The site's URLs with the appraisal API under /api/v1/, as the lead will mount it.

Used with ``@pytest.mark.urls("tests.appraisals.urls")`` until the appraisal router is
included in config/api_urls.py.
"""

from django.urls import include, path

from appraisals.api import router
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("api/v1/", include(router.urls)), *site_urlpatterns]
