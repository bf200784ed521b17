"""Production: base, hardened. SECRET_KEY must come from the environment."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers and container health checks ask for /healthz over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
ENVIRONMENT = "production"
# Two-factor sign-in is mandatory for every role (single sign-on counts when the
# provider asks for it) unless TWO_FACTOR_REQUIRED_ROLES names fewer.
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["*"])
# One JSON object a line for the council's log collector, unless LOG_FORMAT says plain.
LOGGING = {
    **LOGGING,  # noqa: F405
    "handlers": {
        "console": {
            **LOGGING["handlers"]["console"],  # noqa: F405
            "formatter": env.str("LOG_FORMAT", default="json"),
        }
    },
}
