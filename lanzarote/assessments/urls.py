from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("rounds/<slug:uid>/assessment/", views.overview, name="overview"),
    path("rounds/<slug:uid>/assessment/findings/", views.findings_list, name="findings"),
    path(
        "rounds/<slug:uid>/assessment/<str:iso2>/accept-all/",
        views.accept_party_suggestions,
        name="accept_party",
    ),
    path("rounds/<slug:uid>/assessment/<str:iso2>/", views.workspace, name="workspace"),
    path("rounds/<slug:uid>/assessment/<str:iso2>/suggest/", views.suggest, name="suggest"),
    path(
        "rounds/<slug:uid>/assessment/<str:iso2>/<slug:code>/",
        views.finding_save,
        name="finding_save",
    ),
    path(
        "rounds/<slug:uid>/assessment/<str:iso2>/<slug:code>/evidence/",
        views.evidence_add,
        name="evidence_add",
    ),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/step/", views.finding_step, name="finding_step"),
    path("suggestions/<int:pk>/", views.suggestion_decide, name="suggestion"),
]
