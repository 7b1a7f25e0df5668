"""Every route of the URL conf, with a URL that reaches a real object of the attack world.

The attack tests walk this list rather than a table of their own, so a route
added tomorrow is attacked tomorrow without anyone remembering to add it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter

# A value of each converter's type, for a parameter the world has no object for.
_STAND_INS: dict[type, Any] = {IntConverter: 999_999, SlugConverter: "no-such-thing"}


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[tuple[str, Any], ...]  # (name, stand-in value)

    def url(self, objects: dict[str, Any]) -> str:
        """The route's URL, each parameter from `objects` (by "route:param" or "param")."""
        kwargs = {
            p: objects.get(f"{self.name}:{p}", objects.get(p, stand_in))
            for p, stand_in in self.params
        }
        return reverse(self.name, kwargs=kwargs)


def _walk(patterns: list[Any]) -> Iterator[URLPattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry


def routes() -> list[Route]:
    found = []
    for pattern in _walk(get_resolver().url_patterns):
        assert pattern.name, f"the route {pattern.pattern} has no name: name it"
        params = tuple(
            (p, _STAND_INS.get(type(c), uuid.uuid4()))
            for p, c in pattern.pattern.converters.items()
        )
        found.append(Route(pattern.name, params))
    return sorted(found, key=lambda r: r.name)


def route_names() -> list[str]:
    """For parametrising at collection time (the URL conf needs no database)."""
    return [r.name for r in routes()]


def route(name: str) -> Route:
    return next(r for r in routes() if r.name == name)
