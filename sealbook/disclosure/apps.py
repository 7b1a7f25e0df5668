from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "sealbook.disclosure"

    def ready(self) -> None:
        from sealbook.audit.verification import register_sealed_table
        from sealbook.disclosure.integrity import verify_disclosures

        register_sealed_table(verify_disclosures)
