from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "lanzarote.legislation"
    label = "legislation"
    verbose_name = "Legislation"
