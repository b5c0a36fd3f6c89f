from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "lanzarote.assessments"
    label = "assessments"
