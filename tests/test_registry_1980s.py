"""Leaders of 1980-1999 (leaders_1980_1999.tsv): read like leaders.tsv, found again by name, and
resolved to the state they spoke for on the document's date."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from multipolar.resolve import Registry, Resolver
from multipolar.resolve.entries import DATA

FILE = "leaders_1980_1999.tsv"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(extra=())


@pytest.fixture(scope="module")
def resolve(registry):
    from multipolar.nlp import load_nlp

    resolver = Resolver(registry, load_nlp())

    def run(text: str, on: date | None = None):
        return [(m.text, m.actor, m.person, m.rule) for m in resolver(resolver.nlp(text), on=on)]

    return run


def rows() -> list[dict[str, str]]:
    text = (DATA / FILE).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_the_file_is_ours_and_holds_only_offices_of_its_years():
    assert (DATA / FILE).read_text(encoding="utf-8").startswith("# Heads of state")
    table = rows()
    assert len(table) >= 300
    assert all(r["actor"] and r["name"] and r["roles"] for r in table)
    # Every office was held at some time in 1980-1999.
    assert all(r["start"][:4] <= "1999" and (not r["end"] or r["end"][:4] >= "1980") for r in table)


def test_it_is_part_of_the_bundled_registry_and_its_cache_key():
    assert FILE in Registry.BUNDLED
    assert Registry.BUNDLED.index(FILE) == Registry.BUNDLED.index("leaders.tsv") + 1


@pytest.mark.parametrize(
    ("text", "on", "actor"),
    [
        ("Mitterrand met Kohl.", date(1985, 6, 1), "FRA"),
        ("Gorbachev spoke.", date(1988, 6, 1), "RUS"),
        ("Mikhail Gorbachev spoke.", date(1988, 6, 1), "RUS"),
        ("Suharto spoke.", date(1990, 6, 1), "IDN"),
        ("Thatcher spoke.", date(1982, 4, 10), "GBR"),
        ("Galtieri spoke.", date(1982, 4, 10), "ARG"),
        ("Nakasone spoke.", date(1985, 6, 1), "JPN"),
        ("Erich Honecker spoke.", date(1985, 6, 1), "DEU"),
        ("Zia-ul-Haq spoke.", date(1985, 6, 1), "PAK"),
        ("Habyarimana spoke.", date(1993, 6, 1), "RWA"),
        ("Hrawi spoke.", date(1992, 6, 1), "LBN"),
        ("Chadli Bendjedid spoke.", date(1985, 6, 1), "DZA"),
        ("Mengistu spoke.", date(1985, 6, 1), "ETH"),
        ("Arafat spoke.", date(1988, 6, 1), "PSE-PLO"),
        ("Arafat spoke.", date(1996, 6, 1), "PSE"),
        ("Milosevic spoke.", date(1995, 6, 1), "SRB"),
        ("Tito spoke.", date(1979, 6, 1), "SRB"),
        ("Perez de Cuellar spoke.", date(1988, 6, 1), "UN"),
    ],
)
def test_leaders_of_the_period_speak_for_their_state(resolve, text, on, actor):
    got = resolve(text, on)
    assert got and got[0][1] == actor


def test_a_short_form_two_leaders_bore_in_office_together_is_left_unresolved(resolve):
    """ "Zia" was Pakistan's president and, until May 1981, Bangladesh's: no guess while both ruled."""
    assert resolve("Zia spoke.", date(1980, 6, 1))[0][1] is None
    assert resolve("Zia spoke.", date(1985, 6, 1))[0][1] == "PAK"


def test_a_surname_two_presidents_bore_is_the_one_in_office(resolve):
    (_, actor, person, _), *_ = resolve("Bush spoke.", date(1990, 6, 1))
    assert (actor, person) == ("USA", "USA-GEORGE-H-W-BUSH")
    (_, actor, person, _), *_ = resolve("Bush spoke.", date(2005, 6, 1))
    assert (actor, person) == ("USA", "USA-BUSH")


def test_a_person_who_served_two_states_is_one_person(registry, resolve):
    """Shevardnadze was the Soviet foreign minister (recorded under RUS) and then Georgia's president."""
    people = [a for a in registry if a.type == "person" and a.name == "Eduard Shevardnadze"]
    assert [p.id for p in people] == ["GEO-SHEVARDNADZE"]
    actors = {o.actor for o in registry.offices_of("GEO-SHEVARDNADZE")}
    assert actors == {"RUS", "GEO"}
    assert resolve("Shevardnadze spoke.", date(1987, 6, 1))[0][1] == "RUS"
    assert resolve("Shevardnadze spoke.", date(1998, 6, 1))[0][1] == "GEO"


def test_a_person_in_both_files_is_not_made_twice(registry):
    chirac = [a for a in registry if a.type == "person" and a.name == "Jacques Chirac"]
    assert len(chirac) == 1
    titles = sorted(o.title for o in registry.offices_of(chirac[0].id))
    assert titles == ["President", "Prime Minister"]


@pytest.mark.parametrize(
    "text", ["Major changes were announced.", "Baker Street was closed.", "Christopher Columbus sailed."]
)
def test_common_words_of_the_period_are_not_surnames(resolve, text):
    assert resolve(text, date(1992, 1, 1)) == []


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "actors"
    data.mkdir()
    for name in Registry.BUNDLED + ("not_actors.tsv",):
        (data / name).write_bytes((DATA / name).read_bytes())
    return data


def test_a_name_borne_in_two_other_states_makes_a_new_person(tmp_path):
    """Found again across states only when one person of any state bears the name."""
    data = _copy(tmp_path)
    with (data / "people.tsv").open("a", encoding="utf-8") as f:
        f.write("KEN-MADEUP\tJohn Madeup Twice\tJohn Madeup Twice\t\tKEN\t\n")
        f.write("UGA-MADEUP\tJohn Madeup Twice\tJohn Madeup Twice\t\tUGA\t\n")
    with (data / "leaders.tsv").open("a", encoding="utf-8") as f:
        f.write("BDI\tForeign Minister\tforeign_minister\tJane Madeup Once\t\t2001\t2002\n")
    with (data / FILE).open("a", encoding="utf-8") as f:
        f.write("TZA\tForeign Minister\tforeign_minister\tJohn Madeup Twice\t\t1990\t1991\n")
        f.write("RWA\tForeign Minister\tforeign_minister\tJane Madeup Once\t\t1990\t1991\n")
    registry = Registry.load(data=data)
    twice = sorted(a.id for a in registry if a.type == "person" and a.name == "John Madeup Twice")
    assert twice == ["KEN-MADEUP", "TZA-TWICE", "UGA-MADEUP"]
    once = [a.id for a in registry if a.type == "person" and a.name == "Jane Madeup Once"]
    assert once == ["BDI-ONCE"]
    assert {o.actor for o in registry.offices_of("BDI-ONCE")} == {"BDI", "RWA"}


def test_a_registered_surname_inside_a_name_a_title_introduces_is_no_mention_of_its_own(resolve):
    """With a thousand more short forms, more of them occur inside other people's names."""
    got = resolve("Turkish Foreign Minister Ahmet Erdogan Yilmazer visited.", date(2020, 1, 1))
    assert [(m[1], m[3]) for m in got] == [("TUR", "office")]


def test_a_person_found_again_takes_the_lines_other_spellings(tmp_path):
    data = _copy(tmp_path)
    with (data / "people.tsv").open("a", encoding="utf-8") as f:
        f.write("KEN-MADEUP\tJohn Madeup\tJohn Madeup\t\tKEN\t\n")
    with (data / FILE).open("a", encoding="utf-8") as f:
        f.write("KEN\tForeign Minister\tforeign_minister\tJohn Madeup|Johnny Madeup-Smith\t\t1990\t1991\n")
        f.write("KEN\tPrime Minister\thead_of_government\tJohnny Madeup-Smith\t\t1992\t1993\n")
    registry = Registry.load(data=data)
    assert "Johnny Madeup-Smith" in registry.get("KEN-MADEUP").aliases
    assert {o.title for o in registry.offices_of("KEN-MADEUP")} == {"Foreign Minister", "Prime Minister"}


def test_every_line_adds_an_office_the_other_files_lack():
    """An office leaders.tsv (or offices.tsv) already holds is not repeated here: such a line would be
    skipped silently, and two files would have to be kept in step."""
    from multipolar.resolve.leaders import read_leaders

    registry = Registry()
    registry._read_states(DATA / "states.tsv")
    registry._read_actors(DATA / "organisations.tsv")
    registry._read_actors(DATA / "groups.tsv")
    registry._read_actors(DATA / "people.tsv", person=True)
    registry._read_offices(DATA / "offices.tsv")
    read_leaders(registry, DATA / "leaders.tsv")
    repeated = read_leaders(registry, DATA / FILE)
    assert repeated == [], f"{FILE} lines already held elsewhere (remove them): {repeated}"


def test_a_full_name_after_an_honorific_is_the_office_holder(resolve):
    got = resolve("Ethiopian Prime Minister Dr Abiy Ahmed met the envoy. Ahmed Ali left.", date(2020, 1, 1))
    assert got[0][1:] == ("ETH", "ETH-ABIY", "office")
    assert [m[0] for m in got] == ["Ethiopian Prime Minister Dr Abiy Ahmed"]  # "Ahmed" later is no one


def test_a_misspelt_first_name_before_a_known_surname_names_the_holder(resolve):
    got = resolve("Israeli Prime Minister Benjamim Netanyahu spoke.", date(2018, 1, 1))
    assert [m[1:] for m in got] == [("ISR", "ISR-NETANYAHU", "office")]
    got = resolve("Nigerian Foreign Minister Chinedu Netanyahu spoke.", date(2018, 1, 1))
    assert [m[1:3] for m in got] == [("NGA", None)]  # another state's surname names no one here


def test_a_surname_two_people_of_one_state_bear_names_the_state_when_the_person_is_open(resolve):
    """Out of office, Indira and Rajiv Gandhi both speak as Indians: the person is open, India is not."""
    (_, actor, person, rule), *_ = resolve("Gandhi spoke.", date(2015, 1, 1))
    assert (actor, person, rule) == ("IND", None, "surname")
    (_, actor, person, _), *_ = resolve("Gandhi spoke.", date(1986, 1, 1))
    assert (actor, person) == ("IND", "IND-RAJIV-GANDHI")
