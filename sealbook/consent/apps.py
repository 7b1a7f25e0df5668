from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "sealbook.consent"

    def ready(self) -> None:
        from sealbook.consent.status import require_telehealth_consent
        from sealbook.records.actions import register_modality_check
        from sealbook.records.models import Modality

        # APA 4.02(c): no telehealth session is scheduled without a current consent.
        register_modality_check(Modality.TELEHEALTH, require_telehealth_consent)
