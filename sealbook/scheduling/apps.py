from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "sealbook.scheduling"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from sealbook.records.models import Session
        from sealbook.scheduling.sessions import appointment_for_charted_session

        # A session added from a chart (records.actions.schedule_session) is an
        # appointment on the calendar too.
        post_save.connect(appointment_for_charted_session, sender=Session, dispatch_uid="calendar")
