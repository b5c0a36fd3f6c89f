from django.urls import path

from . import views

app_name = "parties"
urlpatterns = [
    path("treaties/<slug:code>/parties/", views.status_list, name="status_list"),
    path("treaties/<slug:code>/parties/map.svg", views.status_map, name="status_map"),
    path("treaties/<slug:code>/parties.csv", views.status_csv, name="status_csv"),
    path("treaties/<slug:code>/parties.json", views.status_json, name="status_json"),
    path("treaties/<slug:code>/joining/", views.joining, name="joining"),
    path("states/<str:iso2>/", views.state_detail, name="state"),
    path("accessions/", views.accession_list, name="accessions"),
    path("accessions/<int:pk>/", views.accession_detail, name="accession"),
]
