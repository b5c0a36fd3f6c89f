from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("rounds/<slug:uid>/overview/", views.overview, name="overview"),
    path("rounds/<slug:uid>/overview.<str:fmt>", views.overview_download, name="overview_download"),
    path("rounds/<slug:uid>/overview/publish/", views.overview_publish, name="overview_publish"),
    path(
        "rounds/<slug:uid>/factsheets/publish/", views.factsheets_publish, name="factsheets_publish"
    ),
    path("publications/", views.publications, name="publications"),
    path("publications/<int:pk>.<str:fmt>", views.publication_file, name="publication_file"),
]
