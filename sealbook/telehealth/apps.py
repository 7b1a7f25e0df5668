from django.apps import AppConfig


class TelehealthConfig(AppConfig):
    name = "sealbook.telehealth"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from sealbook.consent.models import ConsentSignature
        from sealbook.telehealth.actions import on_consent_signature_saved

        # A consent withdrawn (consent.actions.withdraw) stops the recordings it no longer
        # allows, in the withdrawal's transaction: not at the clinician's next poll.
        post_save.connect(
            on_consent_signature_saved, sender=ConsentSignature, dispatch_uid="video-recordings"
        )
