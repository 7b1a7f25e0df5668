from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "sealbook.access"
