"""The worker's training pages, in the portal's namespace (included from portal/urls.py)."""

from django.urls import path

from . import training_views

urlpatterns = [
    path("m/courses", training_views.my_courses, name="my-courses"),
    path("m/courses/<int:pk>", training_views.course, name="course"),
    path("m/courses/<int:pk>/enrol", training_views.enrol, name="course-enrol"),
    path("m/brands/<int:pk>", training_views.brand, name="brand"),
]
