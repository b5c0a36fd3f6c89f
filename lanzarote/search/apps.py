from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "lanzarote.search"
    label = "search"
