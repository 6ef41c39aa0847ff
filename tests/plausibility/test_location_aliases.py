"""Country names resolve the same way with or without CodeCarbon: its extra names are shipped as aliases."""

from __future__ import annotations

import pytest

from hfcarbon_lint.grid.location import (
    Resolution,
    _country,
    _country_codes,
    _country_names,
    _names_with_a_comma,
    resolve_location,
)
from hfcarbon_lint.grid.names import fold, places
from hfcarbon_lint.grid.tables import country_intensities


def test_every_name_codecarbons_table_adds_is_known_without_reading_it() -> None:
    table = country_intensities()
    if not table:
        pytest.skip("CodeCarbon is not installed (pip install -e '.[track]'): its country table cannot be compared")
    iso, aliases = _country_names(), places()["country_aliases"]["names"]
    missing = {
        fold(entry.name): alpha3
        for alpha3, entry in table.items()
        if iso.get(fold(entry.name), aliases.get(fold(entry.name))) != alpha3
    }
    assert not missing, f"add these to data/places.json's country_aliases: {missing}"


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("Cape Verde", "CPV"),
        ("the Democratic Republic of Congo", "COD"),
        ("East Timor", "TLS"),
        ("Palestine", "PSE"),
        ("Russia", "RUS"),
        ("Germany", "DEU"),
    ],
)
def test_common_names_resolve_to_their_country(text: str, alpha3: str) -> None:
    assert _country(fold(text), allow_alpha2=False) == alpha3
    location = resolve_location(text)
    assert location.resolution is Resolution.COUNTRY and location.alpha3 == alpha3


def test_a_state_and_its_country_resolve_to_the_country() -> None:
    location = resolve_location("Virginia, USA")
    assert location.resolution is Resolution.COUNTRY and location.alpha3 == "USA"


def test_the_small_tables_answer_as_the_whole_name_table_does() -> None:
    # Codes, and names that hold a comma, are looked up without folding every country's names
    # ("Virginia, USA"); each small table must be exactly its part of the whole one.
    whole = _country_names()
    assert {code: whole[code] for code in _country_codes()} == _country_codes()
    assert {name: alpha3 for name, alpha3 in whole.items() if "," in name} == _names_with_a_comma()
    assert _names_with_a_comma()["korea, republic of"] == "KOR"


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [("Virginia, USA", "USA"), ("Seoul, Korea, Republic of", "KOR"), ("Paris, France", "FRA"), ("u.s.a.", "USA")],
)
def test_places_written_with_codes_and_commas(text: str, alpha3: str) -> None:
    assert resolve_location(text).alpha3 == alpha3
