"""/api/v1/: the open API (homeward/api/endpoints.py), its OpenAPI 3 schema at openapi.json."""

from django.urls import path

from . import endpoints  # noqa: F401 - registers the routes on `api`
from .base import api

urlpatterns = [path("v1/", api.urls)]
