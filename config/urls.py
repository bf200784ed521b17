from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.home import home
from coventry_pm.core.views import healthz

admin.site.site_header = "Coventry performance: administration"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("coventry_pm.accounts.urls")),
    # The admin signs in through the one sign-in page (throttled, two-factor).
    path(
        "admin/login/",
        login_not_required(
            RedirectView.as_view(pattern_name="login", query_string=True)
        ),
        name="admin_login",
    ),
    path("audit/", include("coventry_pm.audit.urls")),
    path("healthz", healthz, name="healthz"),
    path("operations/", include("coventry_pm.core.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"
    ),
    path("", include("strategies.urls")),
    path("", include("scorecard.urls")),
    path("", include("reports.urls")),
    path("", include("appraisals.urls")),
    path("performance/", include("performance.urls")),
    path("hub/", include("hub.urls")),
]

# The product's error pages, in the site's layout, JSON under /api/
# (coventry_pm.core.views). A database that is not answering is a 503, not a 500.
# The 429 page is coventry_pm.core.views.too_many_requests, called by what throttles.
handler403 = "coventry_pm.core.views.permission_denied"
handler404 = "coventry_pm.core.views.page_not_found"
handler500 = "coventry_pm.core.views.server_error"
