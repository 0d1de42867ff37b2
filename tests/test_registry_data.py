"""The registry extension: conflict actors (groups.tsv), leaders since 2000 (leaders.tsv), and the
disk cache that keeps the larger registry fast to load."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from multipolar.resolve import Registry, RegistryError, Resolver
from multipolar.resolve.entries import DATA

STATE_TYPES = {"state", "person"}


def rows(name: str) -> list[dict[str, str]]:
    lines = [
        ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


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


def test_at_least_300_groups_across_40_conflicts(registry):
    groups = rows("groups.tsv")
    assert len(groups) >= 300
    assert len({g["conflict"] for g in groups}) >= 40
    assert all(registry.get(g["id"]) is not None for g in groups)
    kinds = {registry.get(g["id"]).type for g in groups}
    assert {"armed_group", "government", "igo", "pmc", "military"} <= kinds


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("NGA-ISWAP", "ISIL"),
        ("MLI-JNIM", "AQ"),
        ("SOM-SHABAAB", "AQ"),
        ("ISIL-K", "ISIL"),
        ("ETH-TDF", "ETH-TPLF"),
    ],
)
def test_franchises_and_wings_name_their_parent(registry, child, parent):
    assert registry.get(child).parent == parent


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("ISWAP fighters attacked a base in Borno.", "NGA-ISWAP"),
        ("The Arakan Army seized the town.", "MMR-AA"),
        ("Jaish-e-Mohammed claimed the attack.", "PAK-JEM"),
        ("M23 rebels advanced on Goma.", "COD-M23"),
        ("The Popular Mobilization Forces deployed.", "IRQ-PMF"),
        ("Kataib Hezbollah fired drones.", "IRQ-KATAIB-HEZBOLLAH"),
        ("The Polisario Front rejected the plan.", "ESH-POLISARIO"),
        ("The Clan del Golfo attacked police.", "COL-CLAN-GOLFO"),
        ("Viv Ansanm gangs blocked the port.", "HTI-VIV-ANSANM"),
        ("ECOWAS and the Alliance of Sahel States met.", "AES"),
    ],
)
def test_conflict_actors_resolve(resolve, text, actor):
    assert actor in {m[1] for m in resolve(text, date(2024, 6, 1))}


def test_territories_alone_are_places_not_actors(resolve):
    assert resolve("Fighting spread across South Ossetia and Transnistria.", date(2020, 1, 1)) == []


@pytest.mark.parametrize(
    ("text", "on", "actor", "person"),
    [
        ("The Sudanese foreign minister spoke.", date(2021, 6, 1), "SDN", "SDN-AL-MAHDI"),
        ("The Ethiopian prime minister spoke.", date(2019, 6, 1), "ETH", "ETH-ABIY"),
        ("The Nigerian president spoke.", date(2016, 6, 1), "NGA", "NGA-BUHARI"),
        ("The Polish foreign minister spoke.", date(2005, 6, 1), "POL", "POL-ROTFELD"),
        ("The Malian president spoke.", date(2010, 6, 1), "MLI", "MLI-TOURE"),
        ("The Colombian president spoke.", date(2004, 6, 1), "COL", "COL-URIBE"),
    ],
)
def test_titles_resolve_to_the_holder_on_the_date(resolve, text, on, actor, person):
    (_, got_actor, got_person, rule), *_ = resolve(text, on)
    assert (got_actor, got_person, rule) == (actor, person, "office")


def test_leaders_by_name_speak_for_their_state_on_the_date(resolve):
    got = resolve("Abiy met Isaias; Museveni called Kagame.", date(2019, 6, 1))
    assert [(m[0], m[1]) for m in got] == [
        ("Abiy", "ETH"),
        ("Isaias", "ERI"),
        ("Museveni", "UGA"),
        ("Kagame", "RWA"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Gross domestic product fell.",
        "Parts of the city burned.",
        "The Hunt continued for days.",
        "Key officials met on Monday.",
        "Store owners protested.",
    ],
)
def test_common_words_are_not_surnames(resolve, text):
    assert resolve(text, date(2020, 1, 1)) == []


def test_every_member_state_has_a_leader_recorded(registry):
    members = [a for a in registry if a.type == "state" and a.status == "member"]
    led = {o.actor for o in registry.offices if {"head_of_state", "head_of_government"} & set(o.roles)}
    assert len([m for m in members if m.id in led]) >= 180


@pytest.mark.parametrize(
    ("text", "on", "actor", "person"),
    [
        ("The Swiss president spoke.", date(2010, 6, 1), "CHE", "CHE-LEUTHARD"),
        ("Nauru's president spoke.", date(2015, 6, 1), "NRU", "NRU-WAQA"),
        ("Tuvalu's prime minister spoke.", date(2015, 6, 1), "TUV", "TUV-SOPOAGA"),
        ("The Libyan foreign minister spoke.", date(2018, 6, 1), "LBY", "LBY-SIALA"),
        ("The Bulgarian prime minister spoke.", date(2022, 10, 1), "BGR", "BGR-DONEV"),
        ("The Japanese foreign minister spoke.", date(2008, 6, 1), "JPN", "JPN-KOMURA"),
    ],
)
def test_small_states_and_caretakers_have_their_holder(resolve, text, on, actor, person):
    (_, got_actor, got_person, rule), *_ = resolve(text, on)
    assert (got_actor, got_person, rule) == (actor, person, "office")


@pytest.mark.parametrize(("on", "with_foreign_minister"), [(date(2012, 7, 1), 170), (date(2024, 7, 1), 175)])
def test_leaders_of_every_member_and_most_foreign_ministers_in_office(registry, on, with_foreign_minister):
    members = {a.id for a in registry if a.type == "state" and a.status == "member"}
    held = [o for o in registry.offices if o.actor in members and o.held_on(on)]
    leading = {o.actor for o in held if {"head_of_state", "head_of_government", "leader"} & set(o.roles)}
    foreign = {o.actor for o in held if "foreign_minister" in o.roles}
    assert leading == members
    assert len(foreign) >= with_foreign_minister


def test_a_person_in_people_tsv_and_leaders_tsv_is_one_person(registry):
    assert "PRT-BARROSO" not in registry  # Durão Barroso, prime minister, then Commission president
    assert {o.actor for o in registry.offices_of("EU-BARROSO")} >= {"PRT", "EU"}


def test_an_office_in_both_files_is_kept_once(registry):
    erdogan = [o for o in registry.offices_of("TUR-ERDOGAN") if "head_of_state" in o.roles]
    assert len(erdogan) == 1


def test_a_bad_leaders_row_names_its_line(tmp_path):
    data = tmp_path / "actors"
    data.mkdir()
    for name in Registry.BUNDLED + ("not_actors.tsv",):
        (data / name).write_bytes((DATA / name).read_bytes())
    with (data / "leaders.tsv").open("a", encoding="utf-8") as f:
        f.write("ETH\tPresident\tking_of_everything\tNobody Atall\t\t2001\t\n")
    with pytest.raises(RegistryError, match=r"leaders.tsv:\d+: roles"):
        Registry.load(data=data)


def test_the_cache_gives_the_same_registry_and_survives_damage(tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_CACHE", str(tmp_path / "cache"))
    first = Registry.load()
    files = list((tmp_path / "cache").glob("registry-*.pickle"))
    assert len(files) == 1
    again = Registry.load()
    assert again.actors == first.actors and again.offices == first.offices
    files[0].write_bytes(b"not a pickle")
    assert Registry.load().actors == first.actors  # a damaged cache is rebuilt
    monkeypatch.setenv("MULTIPOLAR_CACHE", "off")
    assert Registry.load().actors == first.actors


def test_a_user_file_changes_the_fingerprint(tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_CACHE", str(tmp_path / "cache"))
    user = tmp_path / "mine.tsv"
    user.write_text(
        "id\ttype\tname\tcountry\tparent\taliases\nSDN-TMZ\tarmed_group\tTamazuj\tSDN\t\tTamazuj\n"
    )
    plain, with_user = Registry.load(), Registry.load(extra=(user,))
    assert plain.fingerprint != with_user.fingerprint and "SDN-TMZ" in with_user
    user.write_text(user.read_text() + "SDN-TMZ2\tarmed_group\tTamazuj 2\tSDN\t\t\n")
    assert Registry.load(extra=(user,)).fingerprint != with_user.fingerprint


def test_leaders_file_is_ours_and_well_formed():
    leaders = rows("leaders.tsv")
    assert len(leaders) >= 2000
    assert all(r["actor"] and r["name"] and r["roles"] for r in leaders)
    assert Path(DATA / "leaders.tsv").read_text(encoding="utf-8").startswith("# Heads of state")


def test_the_load_benchmark_reports_every_figure():
    import importlib.util

    path = Path(__file__).parents[1] / "benchmarks" / "bench_registry.py"
    spec = importlib.util.spec_from_file_location("bench_registry", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run_benchmark(repeat=1)
    assert result["actors"] > 2500 and result["ratio"] > 0
    assert "start-up ratio" in bench.table(result)


def test_no_home_directory_means_no_cache(monkeypatch):
    from multipolar.resolve import cache

    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("MULTIPOLAR_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(cache.Path, "home", staticmethod(nowhere))
    assert cache.cache_dir() is None
    assert cache.cached("test", "key", lambda: 42) == 42


def test_the_coverage_tool_names_the_months_without_a_holder():
    import importlib.util

    path = Path(__file__).parents[1] / "tools" / "registry_coverage.py"
    spec = importlib.util.spec_from_file_location("registry_coverage", path)
    coverage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(coverage)
    months = ["2000-01", "2000-02", "2000-03", "2000-05", "2001-12", "2002-01"]
    assert coverage.spans(months) == "2000-01..2000-03, 2000-05, 2001-12..2002-01"
    registry = Registry.load(extra=())
    since, until = date(2000, 1, 1), date(2025, 10, 1)
    assert coverage.missing_months(registry, "NRU", {"head_of_state"}, since, until) == []
    never = coverage.missing_months(registry, "FRA", {"no_such_role"}, since, until)
    assert len(never) == 309 and coverage.spans(never) == "2000-01..2025-09"  # every month, none twice


def test_a_warm_load_leaves_the_garbage_collector_as_it_was(tmp_path, monkeypatch):
    import gc

    monkeypatch.setenv("MULTIPOLAR_CACHE", str(tmp_path / "cache"))
    Registry.load()  # fills the cache; the next loads unpickle with the collector paused
    assert gc.isenabled()
    assert Registry.load().actors and gc.isenabled()
    gc.disable()
    try:
        Registry.load()
        assert not gc.isenabled()
    finally:
        gc.enable()
