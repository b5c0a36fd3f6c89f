from django.urls import path

from . import views

app_name = "replies"
urlpatterns = [
    path("rounds/<slug:uid>/state-of-play/", views.state_of_play, name="state_of_play"),
    path(
        "rounds/<slug:uid>/state-of-play.<str:fmt>",
        views.state_of_play,
        name="state_of_play_download",
    ),
    path(
        "questionnaires/<slug:uid>/state-of-play/",
        views.questionnaire_state_of_play,
        name="questionnaire_state_of_play",
    ),
    path(
        "questionnaires/<slug:uid>/state-of-play.<str:fmt>",
        views.questionnaire_state_of_play,
        name="questionnaire_state_of_play_download",
    ),
    path("questionnaires/<slug:uid>/remind/", views.questionnaire_remind, name="remind"),
    path("questionnaires/<slug:uid>/states/<str:iso2>/", views.by_state, name="by_state"),
    path(
        "questionnaires/<slug:uid>/organisations/<int:pk>/",
        views.by_organisation,
        name="by_organisation",
    ),
    path(
        "questionnaires/<slug:uid>/questions/<str:number>/", views.by_question, name="by_question"
    ),
    path("questionnaires/<slug:uid>/reply/", views.reply_start, name="start"),
    path("replies/<int:pk>/", views.reply_edit, name="edit"),
    path("replies/<int:pk>/answers/<int:question_pk>/", views.answer_autosave, name="autosave"),
    path("replies/<int:pk>/settings/", views.reply_settings, name="settings"),
    path("replies/<int:pk>/submit/", views.reply_submit, name="submit"),
    path("replies/<int:pk>/reopen/", views.reply_reopen, name="reopen"),
    path("replies/<int:pk>/attachments/", views.attachment_upload, name="attach"),
    path("replies/<int:pk>/history/", views.reply_history, name="history"),
    path("replies/<int:pk>/download.<str:fmt>", views.reply_download, name="download"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("links/<int:pk>/", views.link_correct, name="link_correct"),
    path("attachments/<int:pk>/status/", views.attachment_status, name="attachment_status"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("attachments/<int:pk>/retry/", views.attachment_retry, name="attachment_retry"),
]
