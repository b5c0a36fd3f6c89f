from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lanzarote.accounts"
    label = "accounts"
