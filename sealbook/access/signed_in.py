"""The staff member a request is signed in as, for code behind `login_required`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sealbook.accounts.models import User


def staff_user(request: HttpRequest) -> User:
    """The signed-in `User` of a request that `login_required` has let through.

    Django types `request.user` as a user or an anonymous user; behind
    `login_required` it is always a user, and this says so once instead of a
    cast at every use. Should a view forget `login_required`, the request is
    refused rather than served to nobody in particular.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
