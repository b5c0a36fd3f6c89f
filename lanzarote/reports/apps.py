from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lanzarote.reports"
    label = "reports"
