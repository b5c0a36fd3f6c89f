from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "lanzarote.recommendations"
    label = "recommendations"
