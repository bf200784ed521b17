"""/accounts/: signing in (DESIGN.md section 7), two-factor, single sign-on."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from coventry_pm.accounts import sign_in, sso

urlpatterns = [
    path("login/", login_not_required(sign_in.SignInView.as_view()), name="login"),
    path("logout/", sso.SignOutView.as_view(), name="logout"),
    path("two-factor/", sign_in.two_factor_settings, name="two_factor_settings"),
    path("two-factor/setup/", sign_in.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", sign_in.two_factor_verify, name="two_factor_verify"),
    path(
        "sso/start/",
        sso.SingleSignOnStartView.as_view(),
        name="oidc_authentication_init",
    ),
    path(
        "sso/callback/",
        sso.SingleSignOnCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
]
