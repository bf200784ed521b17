from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase


class LoginRequiredByDefaultMiddleware(LoginRequiredMiddleware):
    """Every page needs sign-in unless its view is marked ``@login_not_required``.

    The API is left to DRF, whose default permission is IsAuthenticated, so a script
    gets 401/403 rather than a redirect to the sign-in page.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
