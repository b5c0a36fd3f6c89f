from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "lanzarote.replies"
    label = "replies"
