"""The actor registry: bundled data, validation with file:line errors, user overlays, offices by date."""

from datetime import date
from pathlib import Path

import pytest

from multipolar.resolve import Registry, RegistryError
from multipolar.resolve.entries import parse_date


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def test_all_un_members_observers_kosovo_and_taiwan(registry):
    states = [a for a in registry if a.type == "state"]
    assert sum(a.status == "member" for a in states) == 193
    assert {a.id for a in states if a.status == "observer"} == {"VAT", "PSE"}
    assert {"XKX", "TWN"} <= {a.id for a in states}


def test_states_carry_metonyms_and_demonyms(registry):
    turkey = registry.get("TUR")
    assert "Ankara" in turkey.capitals and "Turks" in turkey.demonyms
    assert "Kremlin" in registry.get("RUS").seats
    assert {"UAE", "U.S.", "UK"} <= set(
        registry.get("ARE").aliases + registry.get("USA").aliases + registry.get("GBR").aliases
    )


def test_key_non_state_actors(registry):
    assert registry.get("LBY-LAAF").type == "armed_group"
    assert "LNA" in registry.get("LBY-LAAF").aliases
    assert registry.get("RUS-WAGNER").parent == "RUS"
    assert registry.get("USA-AFRICOM").parent == "USA"
    for igo in ("UN", "EU", "NATO", "AU", "LAS", "OSCE"):
        assert registry.get(igo).type == "igo"


def test_every_cross_reference_resolves(registry):
    for actor in registry:
        assert actor.country is None or actor.country in registry
        assert actor.parent is None or actor.parent in registry
    for office in registry.offices:
        assert office.person in registry and office.actor in registry


G20 = (
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
)


@pytest.mark.parametrize("state", G20)
@pytest.mark.parametrize("year", (2012, 2016, 2020, 2024))
def test_g20_offices_filled(registry, state, year):
    """Every G20 state has a leader, a foreign minister and a defence minister on 1 July of these years."""
    on = date(year, 7, 1)
    leader = ("leader", "head_of_government", "head_of_state")
    for roles in (leader, ("foreign_minister",), ("defence_minister",)):
        assert registry.holder(state, roles, on), (state, roles, on)


@pytest.mark.parametrize(
    ("person", "on", "actor"),
    [
        ("TUR-CAVUSOGLU", date(2019, 1, 1), "TUR"),
        ("TUR-CAVUSOGLU", date(2015, 10, 1), None),  # the 2015 gap: Sinirlioglu was minister
        ("RUS-PUTIN", date(2010, 1, 1), "RUS"),
        ("LBY-HAFTAR", date(2019, 4, 4), "LBY-LAAF"),
        ("LBY-SARRAJ", date(2019, 4, 4), "LBY-GNA"),
        ("LBY-SARRAJ", date(2022, 1, 1), None),
        ("UN-SALAME", date(2019, 9, 1), "UN"),
        ("USA-TOWNSEND", date(2020, 2, 1), "USA-AFRICOM"),
        ("DEU-VON-DER-LEYEN", date(2018, 1, 1), "DEU"),
        ("DEU-VON-DER-LEYEN", date(2021, 1, 1), "EU"),
        ("RUS-PRIGOZHIN", date(2024, 1, 1), "RUS-WAGNER"),  # affiliation outlives the office
    ],
)
def test_speaks_for_depends_on_the_date(registry, person, on, actor):
    assert registry.speaks_for(person, on) == actor


def test_the_president_depends_on_the_date(registry):
    assert registry.holder("USA", ["head_of_state"], date(2019, 6, 1)) == "USA-TRUMP"
    assert registry.holder("USA", ["head_of_state"], date(2023, 6, 1)) == "USA-BIDEN"
    assert registry.holder("USA", ["head_of_state"], date(2025, 6, 1)) == "USA-TRUMP"
    assert registry.holder("IRN", ["head_of_state"], date(2019, 6, 1), title="president") == "IRN-ROUHANI"


def test_parse_date_precision():
    assert parse_date("2014") == date(2014, 1, 1)
    assert parse_date("2014", end=True) == date(2014, 12, 31)
    assert parse_date("2020-02", end=True) == date(2020, 2, 29)
    with pytest.raises(ValueError):
        parse_date("May 2014")


def _user_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.tsv"
    header = "id\ttype\tname\tcountry\tparent\taliases\tvalid_from\tvalid_to\n"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_user_file_adds_and_extends(tmp_path):
    path = _user_file(
        tmp_path,
        "SDN-TMZ\tarmed_group\tTamazuj Movement\tSDN\t\t"
        "TMZ|Tamazuj Movement\t2020\t\n"
        "TUR\t\t\t\t\tthe Turkish Republic\t\t\n",
    )
    registry = Registry.load(extra=(path,))
    assert "SDN-TMZ" not in Registry.load()
    assert registry.get("SDN-TMZ").aliases == ("TMZ", "Tamazuj Movement")
    turkey = registry.get("TUR")
    assert turkey.type == "state" and turkey.name == "Turkey"
    assert "Turkey" in turkey.aliases and "the Turkish Republic" in turkey.aliases


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Y-1\tfoo\tName\t\t\t\t\t\n", "type 'foo'"),
        ("bad id\tigo\tName\t\t\t\t\t\n", "bad id"),
        ("Y-1\tigo\tName\tZZZ\t\t\t\t\n", "unknown country 'ZZZ'"),
        ("Y-1\tigo\tName\t\t\t\t2020\t2019\n", "valid_to is before valid_from"),
        ("Y-1\tigo\tName\t\t\t\tMay 2020\t\n", "bad date"),
        ("Y-1\tigo\t\t\t\t\t\t\n", "empty 'name'"),
        ("Y-1\tigo\tName\t\t\t\t\t\textra\n", "cells but the header has"),
        ("X-TPLF\tarmed_group\tName\t\t\t\t\t\n", "kept for provisional actors"),
    ],
)
def test_errors_name_file_and_line(tmp_path, body, message):
    path = _user_file(tmp_path, "# a comment\n\n" + body)
    with pytest.raises(RegistryError) as err:
        Registry.load(extra=(path,))
    assert f"{path}:4" in str(err.value) and message in str(err.value)


def test_missing_header_column(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("id\tname\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"bad.tsv:1: header lacks column\(s\) type, aliases"):
        Registry.load(extra=(path,))


def test_environment_variable_names_user_files(tmp_path, monkeypatch):
    path = _user_file(tmp_path, "SDN-JEM\tarmed_group\tJustice and Equality Movement\tSDN\t\tJEM\t\t\n")
    monkeypatch.setenv("MULTIPOLAR_REGISTRY", str(path))
    assert "SDN-JEM" in Registry.load()
