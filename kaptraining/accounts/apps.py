from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kaptraining.accounts"
    label = "accounts"
