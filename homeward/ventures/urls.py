from django.urls import path

from . import views

app_name = "ventures"

urlpatterns = [
    path("", views.venture_list, name="list"),
    path("new/", views.venture_create, name="create"),
    path("jobs/", views.jobs_list, name="jobs"),
    path("<int:pk>/", views.venture_detail, name="detail"),
    path("<int:pk>/employee/", views.venture_employee, name="employee"),
    path("<int:pk>/support/", views.venture_support, name="support"),
    path("<int:pk>/park/", views.venture_park, name="park-move"),
    path("<int:pk>/liaison/", views.venture_liaison, name="assign"),
    path("assignments/<int:pk>/contact/", views.assignment_contact, name="contact"),
    path("contacts/<int:pk>/solved/", views.contact_solved, name="solved"),
    path("parks/", views.park_list, name="parks"),
    path("parks/new/", views.park_create, name="park-create"),
    path("parks/<int:pk>/", views.park_detail, name="park"),
    path("liaisons/", views.liaison_list, name="liaisons"),
    path("liaisons/new/", views.liaison_create, name="liaison-create"),
    path("liaisons/<int:pk>/", views.liaison_detail, name="liaison"),
    path("showcases/", views.showcase_list, name="showcases"),
    path("showcases/new/", views.showcase_create, name="showcase-create"),
    path("showcases/<int:pk>/", views.showcase_detail, name="showcase"),
    path("showcases/<int:pk>/entry/", views.showcase_entry, name="entry"),
    path("showcases/<int:pk>/votes/", views.showcase_votes, name="votes"),
    path("alliances/", views.alliance_list, name="alliances"),
    path("alliances/new/", views.alliance_create, name="alliance-create"),
    path("alliances/<int:pk>/", views.alliance_detail, name="alliance"),
    path("alliances/<int:pk>/member/", views.alliance_member, name="alliance-member"),
    path("alliances/<int:pk>/event/", views.alliance_event, name="alliance-event"),
    path("memberships/<int:pk>/left/", views.membership_left, name="member-left"),
]
