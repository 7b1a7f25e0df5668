from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sealbook.sharing"
