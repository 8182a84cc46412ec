from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.course_list, name="courses"),
    path("courses/new/", views.course_create, name="course-create"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("courses/<int:pk>/enrol/", views.course_enrol, name="course-enrol"),
    path("courses/<int:pk>/invite/", views.course_invite, name="course-invite"),
    path("courses/<int:pk>/site-fair/", views.course_site_fair, name="course-site-fair"),
    path("courses/<int:pk>/attendance/", views.course_attendance, name="course-attendance"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment-complete"),
    path("enrolments/<int:pk>/drop/", views.enrolment_drop, name="enrolment-drop"),
    path("enrolments/<int:pk>/assess/", views.enrolment_assess, name="enrolment-assess"),
    path("enrolments/<int:pk>/certify/", views.enrolment_certify, name="enrolment-certify"),
    path("providers/", views.provider_list, name="providers"),
    path("providers/new/", views.provider_create, name="provider-create"),
    path("providers/<int:pk>/", views.provider_detail, name="provider"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider-edit"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/people/", views.outcome_people, name="outcome-people"),
    path("brands/", views.brand_list, name="brands"),
    path("brands/new/", views.brand_create, name="brand-create"),
    path("brands/<int:pk>/", views.brand_detail, name="brand"),
    path("brands/<int:pk>/edit/", views.brand_edit, name="brand-edit"),
]
