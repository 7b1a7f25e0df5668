import datetime
from typing import Any, ClassVar, TypeVar

from django.db import models

_When = datetime.datetime | None

_D = TypeVar("_D", bound=models.Model)

class DeviceManager(models.Manager[_D]):
    def devices_for_user(self, user: Any, confirmed: bool | None = None) -> models.QuerySet[_D]: ...

class Device(models.Model):
    user: models.ForeignKey[Any, Any]
    name: models.CharField[str, str]
    confirmed: models.BooleanField[bool, bool]

    class Meta:
        abstract: ClassVar[bool]

    @property
    def persistent_id(self) -> str: ...
    @classmethod
    def model_label(cls) -> str: ...
    @classmethod
    def from_persistent_id(cls, persistent_id: str, for_verify: bool = False) -> Device | None: ...
    def is_interactive(self) -> bool: ...
    def generate_is_allowed(self) -> tuple[bool, dict[str, Any] | None]: ...
    def generate_challenge(self) -> str | None: ...
    def verify_is_allowed(self) -> tuple[bool, dict[str, Any] | None]: ...
    def verify_token(self, token: Any) -> bool: ...

class ThrottlingMixin(models.Model):
    throttling_failure_timestamp: models.DateTimeField[
        datetime.datetime | None, datetime.datetime | None
    ]
    throttling_failure_count: models.PositiveIntegerField[int, int]

    class Meta:
        abstract: ClassVar[bool]

    def verify_is_allowed(self) -> tuple[bool, dict[str, Any] | None]: ...
    def throttle_reset(self, commit: bool = True) -> None: ...
    def throttle_increment(self, commit: bool = True) -> None: ...
    @property
    def throttling_enabled(self) -> bool: ...
    def get_throttle_factor(self) -> int: ...

class TimestampMixin(models.Model):
    created_at: models.DateTimeField[_When, _When]
    last_used_at: models.DateTimeField[_When, _When]

    class Meta:
        abstract: ClassVar[bool]

    def set_last_used_timestamp(self, commit: bool = True) -> None: ...
