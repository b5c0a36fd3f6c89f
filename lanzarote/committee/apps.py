from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "lanzarote.committee"
    label = "committee"
