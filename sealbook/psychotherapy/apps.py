from django.apps import AppConfig


class PsychotherapyConfig(AppConfig):
    name = "sealbook.psychotherapy"
