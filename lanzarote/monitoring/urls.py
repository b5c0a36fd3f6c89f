from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<slug:uid>/", views.round_detail, name="round"),
    path("rounds/<slug:uid>/step/", views.round_step, name="round_step"),
    path("rounds/<slug:uid>/meetings/", views.round_meetings, name="round_meetings"),
    path("rounds/<slug:uid>/parties/", views.round_parties, name="round_parties"),
    path("rounds/<slug:uid>/scheme/", views.scheme_detail, name="scheme"),
    path("questionnaires/<slug:uid>/", views.questionnaire_detail, name="questionnaire"),
    path(
        "questionnaires/<slug:uid>/questions/<str:number>/provisions/",
        views.question_provisions,
        name="question_provisions",
    ),
    path(
        "questionnaires/<slug:uid>/questions/<str:number>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "questionnaires/<slug:uid>/questions/<str:number>/move/",
        views.question_move,
        name="question_move",
    ),
    path(
        "questionnaires/<slug:uid>/publish/",
        views.questionnaire_publish,
        name="questionnaire_publish",
    ),
    path("questionnaires/<slug:uid>/deadline/", views.questionnaire_deadline, name="deadline"),
    path(
        "questionnaires/<slug:uid>/meeting/",
        views.questionnaire_meeting,
        name="questionnaire_meeting",
    ),
    path(
        "questionnaires/<slug:uid>/import/", views.questionnaire_import, name="questionnaire_import"
    ),
]
