from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("rounds/<slug:uid>/overview/", views.overview, name="overview"),
    path("rounds/<slug:uid>/overview.<str:fmt>", views.overview_download, name="overview_download"),
    path(
        "rounds/<slug:uid>/overview/<slug:code>/<str:figure>.svg",
        views.indicator_figure,
        name="indicator_figure",
    ),
    path("rounds/<slug:uid>/overview/publish/", views.overview_publish, name="overview_publish"),
    path(
        "rounds/<slug:uid>/thematic/<slug:group>/publish/",
        views.thematic_publish,
        name="thematic_publish",
    ),
    path("rounds/<slug:uid>/factsheets/draft/", views.factsheets_draft, name="factsheets_draft"),
    path("rounds/<slug:uid>/factsheets/publish/", views.drafts_publish, name="drafts_publish"),
    path("publications/<int:pk>/draft/", views.draft, name="draft"),
    path("publications/<int:pk>/draft.<str:fmt>", views.draft_download, name="draft_download"),
    path("rounds/<slug:uid>/publish-all/", views.publish_all, name="publish_all"),
    path("rounds/<slug:uid>/report/", views.report, name="report"),
    path("rounds/<slug:uid>/export.zip", views.round_export, name="round_export"),
    path("rounds/<slug:uid>/report/publish/", views.report_publish, name="report_publish"),
    path("publications/", views.publications, name="publications"),
    path("publications/<int:pk>/meeting/", views.publication_meeting, name="publication_meeting"),
    path(
        "self-assessments/<int:pk>/report.<str:fmt>",
        views.self_assessment_file,
        name="self_assessment_file",
    ),
    path("annual-reports/", views.annual_reports, name="annual_reports"),
    path("annual-reports/<slug:code>/<int:year>/", views.annual_report, name="annual_report"),
    path(
        "annual-reports/<slug:code>/<int:year>/publish/",
        views.annual_publish,
        name="annual_publish",
    ),
    path("publications/<int:pk>.<str:fmt>", views.publication_file, name="publication_file"),
]
