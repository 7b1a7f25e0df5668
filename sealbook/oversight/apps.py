from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "sealbook.oversight"

    def ready(self) -> None:
        # The alert rules watch every appended audit entry (audit.hooks).
        from sealbook.audit import hooks
        from sealbook.oversight.rules import on_entry

        hooks.register(on_entry)
