from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lanzarote.audit"
    label = "audit"
