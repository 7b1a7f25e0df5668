"""Finding clients through blind indexes: exact matches only, never a false positive."""

from __future__ import annotations

import pytest

from sealbook.access.policy import visible_clients
from sealbook.records.actions import create_client
from sealbook.records.models import Client, SearchToken
from sealbook.records.search import search_clients
from tests.conftest import client_details


def find(user, query):
    return {c.pk for c in search_clients(query, visible_clients(user, Client.objects.all()))}


@pytest.mark.parametrize(
    "query",
    [
        "Synthwood",
        "synthwood",
        "SYNTHWOOD",
        "Riley Synthwood",
        "ri",
        "1987-06-05",
        "06/05/1987",
        "555-0100-2000",
        "(555) 0100 2000",
        "Riley.Synthwood@client.example.net",
    ],
)
def test_a_client_is_found_by_each_kind_of_term(cast, query):
    assert find(cast.casey, query) == {cast.riley.pk}


@pytest.mark.parametrize(
    "query", ["Synth", "Rileys", "1987-06-06", "555-0100-2001", "nobody@client.example.net"]
)
def test_partial_or_different_terms_find_nothing(cast, query):
    assert find(cast.casey, query) == set()


def test_every_term_must_match(cast):
    assert find(cast.casey, "Riley Nobody") == set()


def test_search_respects_the_care_team(cast):
    assert find(cast.quinn, "Synthwood") == set()


def test_truncated_index_collisions_are_filtered_after_decryption(cast):
    # A practice sized for 1,000 clients keeps 9 bits: 300 clients must collide, and no
    # collision may reach the results.
    names = [f"Zed{i:03d}" for i in range(300)]
    for name in names:
        create_client(cast.casey, client_details(legal_first_name=name, legal_last_name="Collide"))
    values = SearchToken.objects.filter(kind="name").values_list("value", flat=True)
    assert len(set(values)) < len(values)  # collisions exist
    hits = search_clients("zed042", Client.objects.all())
    assert [c.legal_first_name for c in hits] == ["Zed042"]


def test_the_index_stores_no_readable_token(cast):
    assert set(SearchToken.objects.values_list("kind", flat=True)) <= {
        "name",
        "dob",
        "phone",
        "email",
        "address",
    }
    assert all(0 <= v < 2**24 for v in SearchToken.objects.values_list("value", flat=True))


def test_the_upgrade_gives_clients_indexed_before_their_address_token(cast):
    from importlib import import_module

    from django.apps import apps

    from sealbook.core.crypto import blind_index as bidx
    from sealbook.vault import runtime

    migration = import_module("sealbook.records.migrations.0005_address_search_tokens")
    SearchToken.objects.filter(kind="address").delete()  # as an earlier release left them
    migration.add_address_tokens(apps, None)
    expected = runtime.indexer().index(bidx.ADDRESS, "12 imaginary ln|97000")
    assert list(
        SearchToken.objects.filter(kind="address").values_list("client_id", "value")
    ) == [(cast.riley.pk, expected)]
