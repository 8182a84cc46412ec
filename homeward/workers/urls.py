from django.urls import path

from . import import_views, views

app_name = "workers"

urlpatterns = [
    path("", views.worker_list, name="list"),
    path("export.xlsx", views.worker_export, name="export"),
    path("new/", views.worker_create, name="create"),
    path("<int:pk>/", views.worker_detail, name="detail"),
    path("<int:pk>/edit/", views.worker_edit, name="edit"),
    path("<int:pk>/reveal/", views.worker_reveal, name="reveal"),
    path("<int:pk>/confirm/", views.worker_confirm, name="confirm"),
    path("<int:pk>/insurance/", views.worker_insurance, name="insurance"),
    path("import/", import_views.upload, name="import"),
    path("import/template.xlsx", import_views.template_download, name="import-template"),
    path("import/<int:pk>/", import_views.preview, name="import-preview"),
    path("import/<int:pk>/columns/", import_views.columns, name="import-columns"),
    path("import/<int:pk>/confirm/", import_views.confirm, name="import-confirm"),
    path("import/<int:pk>/discard/", import_views.discard, name="import-discard"),
    path("import/<int:pk>/result.xlsx", import_views.result_download, name="import-result"),
]
