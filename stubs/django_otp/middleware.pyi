from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

def is_verified(user: Any) -> bool: ...

class OTPMiddleware:
    get_response: Callable[[HttpRequest], Any]
    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None: ...
    def __call__(self, request: HttpRequest) -> HttpResponse: ...
