from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("rounds/<slug:uid>/overview/", views.overview, name="overview"),
    path("rounds/<slug:uid>/overview.<str:fmt>", views.overview_download, name="overview_download"),
]
