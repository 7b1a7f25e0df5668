"""staff_user: the signed-in User behind login_required, and a refusal for anyone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from sealbook.access.signed_in import staff_user


def test_the_signed_in_user_comes_back_as_is(cast: Any) -> None:
    request = RequestFactory().get("/")
    # Django's AuthenticationMiddleware sets request.user as a lazy object, like this.
    request.user = SimpleLazyObject(lambda: cast.casey)
    assert staff_user(request).pk == cast.casey.pk


def test_an_anonymous_request_is_refused() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        staff_user(request)
