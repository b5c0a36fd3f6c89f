from django.apps import AppConfig


class TreatiesConfig(AppConfig):
    name = "lanzarote.treaties"
    label = "treaties"
