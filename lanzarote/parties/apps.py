from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "lanzarote.parties"
    label = "parties"
