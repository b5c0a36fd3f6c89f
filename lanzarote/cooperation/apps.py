from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "lanzarote.cooperation"
    label = "cooperation"

    def ready(self) -> None:
        # "What others do" on the pages of lower apps, links and meaning for search: registered
        # here, so that no lower app imports this one (docs/architecture.md, "Panels").
        from . import panels

        panels.register()
