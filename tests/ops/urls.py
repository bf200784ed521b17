"""The product's URLs plus views that fail the ways a lost database fails."""

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as product_urlpatterns


def database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError("server closed the connection unexpectedly")


def connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


def plain_bug(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a bug")


urlpatterns = [
    path("ops-test/database-gone/", database_gone),
    path("ops-test/connection-closed/", connection_closed),
    path("ops-test/bug/", plain_bug),
    path("api/v1/ops-test/database-gone/", database_gone),
    *product_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
