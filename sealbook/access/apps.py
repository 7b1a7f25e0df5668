from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccessConfig(AppConfig):
    name = "sealbook.access"

    def ready(self) -> None:
        from sealbook.access.models import BreakGlassGrant, Supervision
        from sealbook.access.policy import forget_relationships
        from sealbook.records.models import CareTeamMembership

        # The rows `policy.relationship` reads: a change to any of them empties
        # the current request's memo of relationships.
        for model in (CareTeamMembership, Supervision, BreakGlassGrant):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    forget_relationships,
                    sender=model,
                    dispatch_uid=f"access-memo-{model.__name__}-{name}",
                )
