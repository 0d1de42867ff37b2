"""Provisional actors: groups the registry does not know, from the text to the store and back into
the registry (`multipolar actors unknown` -> the printed `actors add` line -> re-extraction)."""

from __future__ import annotations

import json
import shlex
from datetime import date

import duckdb
import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.document import Document, Event
from multipolar.resolve import Registry, RegistryError, Resolver
from multipolar.resolve.provisional import normalise, provisional_id
from multipolar.resolve.unknown import keep_acting
from multipolar.store import Store

runner = CliRunner()
ON = date(2024, 1, 15)
# A made-up group (the registry must not know it) in a real-reporting construction.
TEXT = (
    "Title: Fighting in Kasai\nDate: 2020-11-05\n\n"
    "Congolese President Felix Tshisekedi ordered the army to attack the Kasai People's Liberation "
    "Front (KPLF) on Wednesday. The KPLF attacked a military base in Kananga. Reuters reported the "
    "clashes.\n"
)
# Groups the registry knows, taken out for the resolver's own tests so that they are unknown.
KNOWN = (
    "ETH-TPLF",
    "COD-M23",
    "MMR-AA",
    "SDN-SLA",
    "PAK-JEM",
    "MMR-NUG",
    "COD-ADF",
    "PAK-LET",
    "IND-HM",
    "ETH-ENDF",
)


@pytest.fixture(scope="module")
def resolver():
    from multipolar.nlp import load_nlp

    registry = Registry.load(extra=())
    for actor_id in KNOWN:
        del registry.actors[actor_id]
    return Resolver(registry, load_nlp())


def resolve(resolver, text, on=ON):
    result = resolver.resolve(resolver.nlp(text), on=on)
    return [(m.text, m.actor, m.rule) for m in result.mentions], result.provisional


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MULTIPOLAR_REGISTRY", raising=False)
    registry = Registry.load()
    assert all(a in registry for a in KNOWN)
    assert "COD-KPLF" not in registry and not registry.search("KPLF")  # the example must be unknown


def test_an_unknown_acronym_acting_gets_a_provisional_actor(resolver):
    mentions, actors = resolve(resolver, "Abiy Ahmed ordered the army to attack the TPLF.")
    assert ("TPLF", "X-TPLF", "provisional") in mentions
    assert actors["X-TPLF"].provisional and actors["X-TPLF"].name == "TPLF"


@pytest.mark.parametrize(
    ("text", "actor", "country", "kind"),
    [
        ("Ethiopia's TPLF rejected the plan.", "X-TPLF", "ETH", None),
        ("The Tigrayan rebels of the TPLF seized the town.", "X-TPLF", "ETH", "armed_group"),
        ("Congolese M23 rebels captured Goma.", "X-M23", "COD", "armed_group"),
        ("M23, a Rwanda-backed rebel group, took Goma.", "X-M23", None, "armed_group"),
        ("The Arakan Army attacked a base in Rakhine State.", "X-ARAKAN-ARMY", "MMR", "armed_group"),
        ("The Sudan Liberation Army attacked the town.", "X-SUDAN-LIBERATION-ARMY", "SDN", "armed_group"),
        ("Jaish-e-Mohammed claimed the attack.", "X-JAISH-E-MOHAMMED", None, "armed_group"),
        ("The National Unity Government condemned it.", "X-NATIONAL-UNITY-GOVERNMENT", None, "government"),
    ],
)
def test_country_and_type_come_from_the_text(resolver, text, actor, country, kind):
    _, actors = resolve(resolver, text)
    assert actors[actor].country == country  # "Rwanda-backed" is a backer, not the group's country
    assert (actors[actor].type or None) == kind


def test_a_name_with_its_acronym_is_one_actor_named_in_full(resolver):
    mentions, actors = resolve(
        resolver, "The Allied Democratic Forces (ADF) killed 40 villagers. The ADF later fled."
    )
    assert [m for m in mentions if m[1] == "X-ADF"] == [
        ("Allied Democratic Forces", "X-ADF", "provisional"),
        ("ADF", "X-ADF", "provisional"),
        ("ADF", "X-ADF", "provisional"),
    ]
    assert actors["X-ADF"].name == "Allied Democratic Forces"
    assert set(actors["X-ADF"].aliases) == {"Allied Democratic Forces", "ADF"}


def test_two_groups_joined_by_and_stay_two(resolver):
    _, actors = resolve(resolver, "Lashkar-e-Taiba and Hizbul Mujahideen were blamed by New Delhi.")
    assert set(actors) == {"X-LASHKAR-E-TAIBA", "X-HIZBUL-MUJAHIDEEN"}


@pytest.mark.parametrize(
    "text",
    [
        "Reuters reported that the talks failed, according to AFP.",
        "Delegates met at the Berlin conference in January.",
        "The Syrian Observatory for Human Rights counted the dead.",
        "Fighting reached Rakhine State and the Gaza Strip.",
        "The Ethiopian National Defense Force and the Royal Thai Army moved in.",
        "The Ministry of Defence said the Geneva Convention applies.",
        "Islamist militants and Rebel fighters attacked on Monday.",
    ],
)
def test_things_that_are_not_actors_get_none(resolver, text):
    mentions, actors = resolve(resolver, text)
    assert actors == {}
    assert not any(m[2] == "provisional" for m in mentions)


def test_state_forces_stay_the_state(resolver):
    mentions, _ = resolve(resolver, "The Ethiopian National Defense Force shelled the town.")
    assert ("Ethiopian", "ETH", "demonym") in mentions


def test_the_berlin_conference_is_not_germany(resolver):
    mentions, _ = resolve(resolver, "Delegates met at the Berlin conference. Berlin protested.")
    assert mentions == [("Berlin", "DEU", "capital")]


def test_ids_are_stable_normalised_and_never_registry_ids(resolver):
    assert provisional_id("the Tigray People’s Liberation Front") == "X-TIGRAY-PEOPLES-LIBERATION-FRONT"
    assert normalise("Hayat Tahrir al-Sham") == normalise("Hayat Tahrir Sham") == "HAYAT-TAHRIR-SHAM"
    first = resolve(resolver, "The Arakan Army attacked a base.")[1]
    again = resolve(resolver, "Fighting went on. Later the Arakan Army shelled Sittwe.", on=date(2021, 1, 1))[
        1
    ]
    assert set(first) == set(again) == {"X-ARAKAN-ARMY"}
    assert not any(a.id.startswith("X-") for a in Registry.load())
    assert provisional_id("TPLF") not in Registry.load() and "ETH-TPLF" in Registry.load()


def test_the_registry_refuses_provisional_ids(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("id\ttype\tname\tcountry\tparent\taliases\nX-TPLF\tarmed_group\tTPLF\t\t\t\n")
    with pytest.raises(RegistryError, match="kept for provisional actors"):
        Registry.load(extra=(path,))


def test_only_acting_provisional_actors_are_kept(resolver):
    document = Document(text="The TPLF and the Arakan Army met.")
    parsed = resolver.nlp(document.text)
    result = resolver.resolve(parsed)
    document.mentions, document.provisional = result.mentions, result.provisional
    assert set(document.provisional) == {"X-TPLF", "X-ARAKAN-ARMY"}
    document.events = [
        Event(document.id, document.text, 0, 10, "X-TPLF", "ETH", "ASSAULT", "material_conflict", -1)
    ]
    keep_acting(document)
    assert set(document.provisional) == {"X-TPLF"}
    assert {m.actor for m in document.mentions} == {"X-TPLF"}


def test_seoul_fired_at_is_the_state(resolver):
    mentions, _ = resolve(resolver, "North Korea fired artillery shells at Seoul on Monday.")
    assert ("Seoul", "KOR", "capital") in mentions
    mentions, _ = resolve(resolver, "The two leaders held talks at Seoul on Monday.")
    assert not any(m[0] == "Seoul" for m in mentions)


def test_old_stores_gain_the_provisional_column_and_keep_their_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.add(Document(text="Turkey and Libya.", path="a.txt"), [Registry.load().get("TUR")])
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE actors DROP COLUMN provisional")  # as an earlier version wrote it
    con.close()
    with Store(path, read_only=True) as store:  # read-only: read as it is
        assert [(a["id"], a["provisional"]) for a in store.actors()] == [("TUR", False)]
    with Store(path) as store:  # writable: migrated in place
        assert "provisional" in store._columns("actors")
        assert store.counts() == {"documents": 1, "actors": 1, "mentions": 0, "events": 0}


def _cli(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result


def test_the_whole_path_from_text_to_registry(tmp_path):
    (tmp_path / "kplf.txt").write_text(TEXT, encoding="utf-8")
    # extract: the unknown group acts and is marked provisional
    data = json.loads(_cli(["extract", "kplf.txt", "--format", "json"]).stdout)
    kplf = {a["id"]: a for a in data["actors"]}["X-KPLF"]
    assert kplf["provisional"] and kplf["country"] == "COD" and kplf["type"] == "armed_group"
    assert kplf["name"] == "Kasai People's Liberation Front"
    assert any(e["source"] == "X-KPLF" or e["target"] == "X-KPLF" for e in data["events"])
    assert not any("Reuters" in a["name"] for a in data["actors"])
    # ingest: the store marks it provisional
    _cli(["ingest", "kplf.txt", "--db", "t.duckdb"])
    stored = json.loads(_cli(["actors", "--db", "t.duckdb", "-f", "json"]).stdout)
    assert {a["id"]: a["provisional"] for a in stored}["X-KPLF"] is True
    # actors unknown: mentions, documents, examples and the add line
    (row,) = json.loads(_cli(["actors", "unknown", "--db", "t.duckdb", "-f", "json"]).stdout)
    assert row["id"] == "X-KPLF" and row["mentions"] == 3 and row["events"] >= 1
    assert [d["path"] for d in row["documents"]] == ["kplf.txt"]
    assert any("The KPLF attacked" in s for s in row["examples"])
    argv = shlex.split(row["add"])
    assert argv[:4] == ["multipolar", "actors", "add", "COD-KPLF"]
    # the printed line registers it ...
    added = _cli(argv[1:])
    assert "every later multipolar command run in this folder" in added.stdout
    assert "COD-KPLF" in (tmp_path / "multipolar-actors.tsv").read_text()
    # ... and re-extraction resolves it to the registered id
    again = json.loads(_cli(["extract", "kplf.txt", "--format", "json"]).stdout)
    ids = {a["id"]: a for a in again["actors"]}
    assert "X-KPLF" not in ids and ids["COD-KPLF"]["provisional"] is False
    assert any("COD-KPLF" in (e["source"], e["target"]) for e in again["events"])
    (row,) = json.loads(_cli(["actors", "unknown", "--db", "t.duckdb", "-f", "json"]).stdout)
    assert row["registered"] == "COD-KPLF"


def test_actors_says_which_user_registries_are_in_force(tmp_path, monkeypatch):
    with Store(tmp_path / "t.duckdb") as store:
        store.add(Document(text="x"), [])
    result = runner.invoke(app, ["actors", "--db", "t.duckdb", "-f", "csv"])
    assert "user registries: none" in result.stderr
    _cli(["actors", "add", "SDN-TMZ", "--type", "armed_group", "--name", "Tamazuj Movement"])
    result = runner.invoke(app, ["actors", "--db", "t.duckdb", "-f", "csv"])
    assert "multipolar-actors.tsv (1 actor)" in result.stderr and "found in this folder" in result.stderr
    other = tmp_path / "elsewhere.tsv"
    added = _cli(
        ["actors", "add", "SDN-X1", "--type", "armed_group", "--name", "X1", "--registry", str(other)]
    )
    assert "do not read it by themselves" in added.stdout and f"--registry {other}" in added.stdout
    monkeypatch.setenv("MULTIPOLAR_REGISTRY", str(other))
    result = runner.invoke(app, ["actors", "--db", "t.duckdb", "-f", "csv"])
    assert "from $MULTIPOLAR_REGISTRY" in result.stderr and "elsewhere.tsv (1 actor)" in result.stderr
    added = _cli(["actors", "add", "SDN-X2", "--type", "armed_group", "--name", "X2"])
    assert "while $MULTIPOLAR_REGISTRY names it" in added.stdout


def test_actors_unknown_reads_a_parquet_store_too(tmp_path):
    (tmp_path / "kplf.txt").write_text(TEXT, encoding="utf-8")
    _cli(["ingest", "kplf.txt", "--store", "pq"])
    (row,) = json.loads(_cli(["actors", "unknown", "--store", "pq", "-f", "json"]).stdout)
    assert row["id"] == "X-KPLF" and row["add"].startswith("multipolar actors add COD-KPLF")
    stored = json.loads(_cli(["actors", "--store", "pq", "-f", "json"]).stdout)
    assert {a["id"]: a["provisional"] for a in stored}["X-KPLF"] is True
