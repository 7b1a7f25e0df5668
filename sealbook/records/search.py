"""Finding clients through blind indexes, without decrypting the table.

A query is split into terms; each term is looked up in the blind index of the
kind it looks like (e-mail, date of birth, phone, or a name token). The index
narrows the clients to a few candidates per term (the index is deliberately
truncated so values collide); those candidates are then decrypted and checked
exactly, so false positives never reach the user.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from sealbook.core.crypto import blind_index as bidx
from sealbook.records.models import Client, SearchToken
from sealbook.records.unreadable import readable
from sealbook.vault import runtime

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y")


def parse_date(term: str) -> datetime.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(term, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


_ALL_KINDS = frozenset(bidx.KINDS)


def client_terms(client: Client, kinds: frozenset[str] = _ALL_KINDS) -> list[tuple[str, str]]:
    """The (kind, normalised value) pairs a client is findable by, of the given kinds.

    Fields decrypt when read, so asking only for the kinds a query uses
    decrypts only those fields (a name query reads 3 of the 6).
    """
    terms: set[tuple[str, str]] = set()
    if bidx.NAME in kinds:
        for name in (client.legal_first_name, client.legal_last_name, client.preferred_name):
            terms.update((bidx.NAME, token) for token in bidx.name_tokens(name or ""))
    if bidx.DATE_OF_BIRTH in kinds and client.date_of_birth:
        terms.add((bidx.DATE_OF_BIRTH, client.date_of_birth.isoformat()))
    if bidx.PHONE in kinds and client.phone and bidx.normalise_phone(client.phone):
        terms.add((bidx.PHONE, bidx.normalise_phone(client.phone)))
    if bidx.EMAIL in kinds and client.email:
        terms.add((bidx.EMAIL, bidx.normalise_email(client.email)))
    # Never a search term: the family rule of the access alerts compares it with the
    # blind index of a staff member's home address (oversight/family.py).
    if bidx.ADDRESS in kinds:
        address = bidx.normalise_address(client.street or "", client.postal_code or "")
        if address:
            terms.add((bidx.ADDRESS, address))
    return sorted(terms)


def index_client(client: Client) -> None:
    """Replace a client's search tokens (call inside the action's transaction)."""
    indexer = runtime.indexer()
    SearchToken.objects.filter(client=client).delete()
    SearchToken.objects.bulk_create(
        SearchToken(client=client, kind=kind, value=indexer.index(kind, value))
        for kind, value in client_terms(client)
    )


# A phone number may contain spaces ("(555) 010 2345"), so it is taken out of
# the query whole before the rest is split into words.
_PHONE = re.compile(r"(?<![\w@.])\+?\(?\d[\d().\- ]{5,}\d(?![\w@])")


def query_terms(query: str) -> list[tuple[str, str]]:
    terms: list[tuple[str, str]] = []
    for match in _PHONE.finditer(query):
        digits = bidx.normalise_phone(match.group())
        if len(digits) >= 7 and parse_date(match.group().strip()) is None:
            terms.append((bidx.PHONE, digits))
            query = query.replace(match.group(), " ", 1)
    for raw in query.split():
        if "@" in raw:
            terms.append((bidx.EMAIL, bidx.normalise_email(raw)))
        elif (day := parse_date(raw)) is not None:
            terms.append((bidx.DATE_OF_BIRTH, day.isoformat()))
        else:
            terms.extend((bidx.NAME, token) for token in bidx.name_tokens(raw))
    return terms


# More matches than this means the query is too vague to be useful (and would
# decrypt a large share of the practice): the user is asked to refine it.
MAX_RESULTS = 50


def search_clients(query: str, queryset: Any) -> list[Client]:
    """Clients in `queryset` matching every term of `query`, exactly, after decryption."""
    terms = query_terms(query)
    if not terms:
        return []
    indexer = runtime.indexer()
    candidates = queryset
    for kind, value in terms:
        ids = SearchToken.objects.filter(kind=kind, value=indexer.index(kind, value)).values(
            "client_id"
        )
        candidates = candidates.filter(pk__in=ids)
    # A client whose data key is gone cannot be checked exactly: left out, before
    # anything is decrypted (the page says how many such clients there are).
    candidates = list(readable(candidates))
    runtime.preload_client_keys([c.pk for c in candidates])
    kinds = frozenset(kind for kind, _ in terms)
    matches = []
    for client in candidates:
        if _matches(client, terms, kinds):
            matches.append(client)
            if len(matches) == MAX_RESULTS:
                break
    return matches


def _matches(client: Client, terms: Iterable[tuple[str, str]], kinds: frozenset[str]) -> bool:
    own = set(client_terms(client, kinds))
    return all(term in own for term in terms)
