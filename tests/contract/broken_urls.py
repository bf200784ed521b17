"""A deliberately broken API, for the test of the contract checks themselves:
one endpoint that raises (a 500), one whose body is not what its schema says, and
one that refuses with an undocumented 403 (which the checks allow)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class Figure(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.IntegerField()


class BrokenView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: Figure})
    def get(self, request: Request) -> Response:
        raise RuntimeError("a deliberate server error")


class WrongShapeView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: Figure})
    def get(self, request: Request) -> Response:
        return Response({"period": "2025-26", "value": "not a number"})


class RefusingView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: Figure})
    def get(self, request: Request) -> Response:
        raise PermissionDenied("Not yours to see.")


urlpatterns = [
    path("api/v1/broken/", BrokenView.as_view()),
    path("api/v1/wrong-shape/", WrongShapeView.as_view()),
    path("api/v1/refusing/", RefusingView.as_view()),
]

# The product's own 500 handler (the site's URLconf names it too): Django's default
# renders templates/500.html, whose layout reverses the site's URLs, not these.
handler500 = "coventry_pm.core.views.server_error"
