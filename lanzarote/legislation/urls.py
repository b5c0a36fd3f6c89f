from django.urls import path

from . import views

app_name = "legislation"
urlpatterns = [
    path("self-assessments/", views.assessments, name="assessments"),
    path("self-assessments/<int:pk>/", views.assessment, name="assessment"),
    path("self-assessments/<int:pk>/state/", views.assessment_state, name="assessment_state"),
    path("self-assessments/<int:pk>/acts/", views.acts_add, name="acts_add"),
    path("self-assessments/<int:pk>/acts/<int:act_pk>/", views.act_status, name="act_status"),
    path(
        "self-assessments/<int:pk>/acts/<int:act_pk>/remove/",
        views.act_remove,
        name="act_remove",
    ),
    path("self-assessments/<int:pk>/units/<int:unit_pk>/", views.unit, name="unit"),
    path("self-assessments/<int:pk>/labels.jsonl", views.labels, name="labels"),
]
