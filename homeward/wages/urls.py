from django.urls import path

from . import map_views, oversight_views, views

app_name = "wages"

urlpatterns = [
    path("", views.project_list, name="projects"),
    path("projects/new", views.project_create, name="project-create"),
    path("projects/<int:pk>", views.project_detail, name="project"),
    path("projects/<int:pk>/edit", views.project_edit, name="project-edit"),
    path("projects/<int:pk>/upload", views.project_upload, name="project-upload"),
    path("projects/<int:pk>/check", views.project_scan, name="project-scan"),
    path("cases", views.case_list, name="cases"),
    path("cases/<int:pk>", views.case_detail, name="case"),
    path("cases/<int:pk>/act", views.case_act, name="case-act"),
    path("cases/<int:pk>/take", views.case_take, name="case-take"),
    path("clues", views.clue_list, name="clues"),
    path("clues/<int:pk>", views.clue_detail, name="clue"),
    path("clues/<int:pk>/move", views.clue_move, name="clue-move"),
    path("clues/<int:pk>/propose-listing", views.clue_propose_listing, name="clue-propose"),
    path("clues/new", views.clue_create, name="clue-create"),
    path("clues/<int:pk>/evidence", views.clue_evidence_add, name="clue-evidence-add"),
    path("clues/evidence/<int:pk>", views.clue_evidence_open, name="clue-evidence"),
    path("clues/<int:pk>/card", views.clue_card, name="clue-card"),
    path("clues/<int:pk>/card/reveal", views.clue_card_reveal, name="clue-card-reveal"),
    path("clues/<int:pk>/supervise", oversight_views.supervision_issue, name="supervise"),
    path("clues/<int:pk>/reply", oversight_views.supervision_reply, name="supervision-reply"),
    path("supervisions", oversight_views.supervision_list, name="supervisions"),
    path("inspections", oversight_views.inspection_list, name="inspections"),
    path("inspections/new", oversight_views.inspection_create, name="inspection-create"),
    path("inspections/<int:pk>", oversight_views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/order", oversight_views.inspection_order, name="inspection-order"),
    path(
        "inspections/<int:pk>/rectified",
        oversight_views.inspection_rectified,
        name="inspection-rectified",
    ),
    path("inspections/<int:pk>/close", oversight_views.inspection_close, name="inspection-close"),
    path("risk", oversight_views.risk_ranking, name="risk"),
    path("map", map_views.wage_map, name="map"),
    path("blacklist", views.blacklist, name="blacklist"),
    path("blacklist/<int:pk>/object", views.listing_object, name="listing-object"),
    path("blacklist/<int:pk>/decide", views.listing_decide, name="listing-decide"),
    path("blacklist/<int:pk>/extend", views.listing_extend, name="listing-extend"),
    path("blacklist/<int:pk>/remove", views.listing_remove, name="listing-remove"),
    path("blacklist/export", views.blacklist_export, name="blacklist-export"),
]
