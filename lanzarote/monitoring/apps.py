from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "lanzarote.monitoring"
    label = "monitoring"
