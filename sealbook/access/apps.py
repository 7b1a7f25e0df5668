from django.apps import AppConfig
from django.db.models import Model
from django.db.models.signals import post_delete, post_save


def forget_relationships_when_changed(model: type[Model]) -> None:
    """Empty the current request's memo of relationships whenever a row of `model` changes.

    `policy.relationship` reads supervision, break-glass grants and (from the
    records app, which registers it) care-team membership.
    """
    from sealbook.access.policy import forget_relationships

    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(
            forget_relationships,
            sender=model,
            dispatch_uid=f"access-memo-{model.__name__}-{name}",
        )


class AccessConfig(AppConfig):
    name = "sealbook.access"

    def ready(self) -> None:
        from sealbook.access.models import BreakGlassGrant, PracticePolicy, Supervision
        from sealbook.access.practice_policy import forget_policy

        for model in (Supervision, BreakGlassGrant):
            forget_relationships_when_changed(model)
        # A request that changes a setting reads the new value for the rest of it.
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                forget_policy, sender=PracticePolicy, dispatch_uid=f"policy-memo-{name}"
            )
