from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "sealbook.records"

    def ready(self) -> None:
        from sealbook.access.apps import forget_relationships_when_changed
        from sealbook.records.models import CareTeamMembership

        # The policy reads care teams: a change must not be hidden by its memo.
        forget_relationships_when_changed(CareTeamMembership)
