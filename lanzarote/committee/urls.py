from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:number>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:number>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:number>/agenda/", views.agenda_save, name="agenda"),
    path("meetings/<int:number>/decisions/", views.decision_add, name="decision_add"),
    path("meetings/<int:number>/publish/", views.decisions_publish, name="publish"),
    path("meetings/<int:number>/documents/", views.document_add, name="document_add"),
    path("meetings/<int:number>/documents/<int:pk>/", views.document_download, name="document"),
    path(
        "meetings/<int:number>/documents/<int:pk>/declassify/",
        views.document_declassify,
        name="declassify",
    ),
    path("treaties/<slug:code>/meetings.csv", views.meetings_csv, name="meetings_csv"),
    path("treaties/<slug:code>/meetings.json", views.meetings_json, name="meetings_json"),
]
