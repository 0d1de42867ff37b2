"""The theatre stage: definitions, and the rule that places each event in a conflict or arena.

Events are built by hand here (source, target, trigger), so these tests check the theatre rule
whatever the event coder makes of the sentences; only the parse and the actor resolver run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.document import Document, Event
from multipolar.resolve import Registry
from multipolar.theatre import TheatreCoder, TheatreError, Theatres, load_theatres
from multipolar.theatre.definitions import Theatre

DEMO = Path(__file__).resolve().parents[1] / "src" / "multipolar" / "data" / "demo"


@pytest.fixture(scope="module")
def theatres() -> Theatres:
    return load_theatres()


@pytest.fixture(scope="module")
def place(pipeline):
    """``place(text, (source, trigger, target), ...)`` -> ``[(theatre, basis), ...]``, one per event."""
    coder = TheatreCoder(pipeline.registry)

    def run(text: str, *acts: tuple[str, str, str | None], title: str = "") -> list[tuple[str | None, str]]:
        document = Document(text=text, title=title)
        parsed = pipeline.nlp(text)
        document.mentions = pipeline.resolver(parsed, on=None)
        document.events = [_event(document, parsed, *act) for act in acts]
        return [(e.theatre, e.theatre_basis) for e in coder(parsed, document)]

    return run


def _event(document: Document, parsed, source: str, trigger: str, target: str | None) -> Event:
    token = next(t for t in parsed if t.text == trigger.split()[0])
    sentence = token.sent

    def named(actor: str | None) -> str:
        inside = (m for m in document.mentions if m.actor == actor and sentence.start <= m.token_start)
        return next((m.text for m in inside), "") if actor else ""

    return Event(
        doc=document.id,
        sentence=sentence.text,
        start=sentence.start_char,
        end=sentence.end_char,
        source=source,
        target=target,
        type="CONSULT",
        quad="verbal_cooperation",
        polarity=1,
        trigger=trigger,
        source_text=named(source),
        target_text=named(target),
    )


# -- definitions ----------------------------------------------------------------------------------


def test_every_theatre_names_registered_actors_and_states(theatres: Theatres) -> None:
    registry = Registry.load()
    for t in theatres:
        for actor in (*t.actors, *t.parties, *([t.country] if t.country else [])):
            assert actor in registry, f"{t.id}: {actor} is not in the actor registry"
        for state in (*t.parties, *([t.country] if t.country else [])):
            assert registry.get(state).type == "state", f"{t.id}: {state} is not a state"


def test_the_named_regions_of_the_brief_are_defined(theatres: Theatres) -> None:
    for name in ("East Mediterranean", "Red Sea", "Sahel", "Horn of Africa", "South Caucasus", "Great Lakes"):
        assert theatres.find(name) is not None, name
    for name in ("South China Sea", "Korean Peninsula", "Kashmir", "Balkans", "Nagorno-Karabakh"):
        assert theatres.find(name) is not None, name


def test_find_accepts_id_name_and_alias_in_any_case(theatres: Theatres) -> None:
    assert theatres.find("east-mediterranean").id == "east-mediterranean"
    assert theatres.find("eastern mediterranean").id == "east-mediterranean"
    assert theatres.find("KARABAKH").id == "nagorno-karabakh"
    assert theatres.find("Atlantis") is None


def test_find_accepts_a_countrys_iso_code_in_any_case(theatres: Theatres) -> None:
    assert theatres.find("LBY").id == "libya"
    assert theatres.find(" sdn ").id == "sudan"
    assert theatres.find("RUS") is None  # a state with no country theatre


def test_a_region_takes_in_the_theatres_inside_it(theatres: Theatres) -> None:
    assert {"sahel", "mali", "niger", "burkina-faso"} <= theatres.descendants("sahel")
    assert "sahel" not in theatres.descendants("mali")
    assert theatres.lineage("nagorno-karabakh") == ["nagorno-karabakh", "south-caucasus"]


def test_place_names_match_whole_words_longest_first(theatres: Theatres) -> None:
    hits = theatres.places_in(
        "Shelling near Nagorno Karabakh and the Lachin corridor; Idlibi sweets; Gulf of Sirte."
    )
    assert [(h.text, h.theatre) for h in hits] == [
        ("Nagorno Karabakh", "nagorno-karabakh"),
        ("Lachin corridor", "nagorno-karabakh"),
        ("Gulf of Sirte", "libya"),
    ]


def test_typographic_apostrophes_match_plain_ones(theatres: Theatres) -> None:
    assert [h.theatre for h in theatres.places_in("strikes on Sana\u2019a")] == ["yemen"]


def test_a_sudanese_militia_nobody_listed_signals_sudan(theatres: Theatres) -> None:
    assert theatres.signalled_by("SDN-JEM", {"type": "armed_group", "country": "SDN"}) == "sudan"
    assert theatres.signalled_by("SDN-XYZ", {"type": "company", "country": "SDN"}) is None
    assert theatres.signalled_by("SDN", {"type": "state", "country": "SDN"}) is None


@pytest.mark.parametrize(
    ("theatres_", "message"),
    [
        ([Theatre("a", "A"), Theatre("a", "B")], "defined twice"),
        ([Theatre("a", "A", parent="b")], "unknown parent"),
        ([Theatre("a", "A", parent="b"), Theatre("b", "B", parent="a")], "cycle"),
        ([Theatre("Bad Id", "A")], "lower-case"),
        ([Theatre("bilateral", "A")], "reserved"),
        ([Theatre("a", "A", places=("X",)), Theatre("b", "B", places=("X",))], "two theatres"),
        ([Theatre("a", "A", actors=("G",)), Theatre("b", "B", actors=("G",))], "signals two theatres"),
    ],
)
def test_bad_definitions_are_refused_with_a_reason(theatres_, message: str) -> None:
    with pytest.raises(TheatreError, match=message):
        Theatres(theatres_)


def test_a_bare_yaml_on_is_refused_not_read_as_true(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("place_prepositions: [in, on]\ntheatres:\n  - {id: a, name: A}\n", encoding="utf-8")
    with pytest.raises(TheatreError, match="quote on"):
        load_theatres(path)


def test_a_theatre_without_a_name_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("theatres:\n  - {id: a}\n", encoding="utf-8")
    with pytest.raises(TheatreError, match=r"theatre 1: name is required"):
        load_theatres(path)


# -- the rule, step by step ----------------------------------------------------------------------


def test_a_place_in_the_clause_decides(place) -> None:
    [(theatre, basis)] = place("An airstrike killed 33 Turkish soldiers in Idlib.", ("SYR", "killed", "TUR"))
    assert theatre == "syria" and basis == "place: in Idlib"


def test_the_clause_of_the_event_wins_over_another_clause(place) -> None:
    text = "While its jets struck rebels in Idlib, Russia sent soldiers to Libya."
    [(theatre, basis)] = place(text, ("RUS", "sent", "LBY"))
    assert (theatre, basis) == ("libya", "place: to Libya")


def test_a_sub_state_actor_decides_where_no_place_is_named(place) -> None:
    [(theatre, basis)] = place("The UAE supplied drones to Haftar's forces.", ("ARE", "supplied", "LBY-LAAF"))
    assert theatre == "libya" and basis.startswith("actor: Haftar")


def test_an_origin_is_not_a_place(place) -> None:
    [(theatre, _)] = place(
        "The Wagner Group sent missiles to the Rapid Support Forces from Libya.",
        ("RUS-WAGNER", "sent", "SDN-RSF"),
    )
    assert theatre == "sudan"


def test_a_summit_on_a_war_belongs_to_that_war_not_to_its_venue(place) -> None:
    text = "Putin and Erdogan met in Istanbul and called for a ceasefire in Libya."
    [(theatre, basis)] = place(text, ("RUS", "met", "TUR"))
    assert (theatre, basis) == ("libya", "sentence: in Libya")


def test_a_topic_after_on_counts_like_a_place(place) -> None:
    [(theatre, basis)] = place(
        "Russia, Iran and Turkey opened talks on Syria in Astana.", ("RUS", "talks", "TUR")
    )
    assert (theatre, basis) == ("syria", "place: on Syria")


def test_a_deal_between_two_states_about_nothing_else_is_bilateral(place) -> None:
    [(theatre, basis)] = place("Russia and Turkey signed a gas deal.", ("RUS", "signed", "TUR"))
    assert theatre is None and basis.startswith("none:")


def test_a_capital_standing_for_its_government_is_not_a_place(place) -> None:
    [(theatre, _)] = place("Damascus and Moscow signed a trade deal.", ("SYR", "signed", "RUS"))
    assert theatre is None


def test_an_act_about_an_armed_group_belongs_to_its_war(place) -> None:
    [(theatre, basis)] = place("Riyadh accused Iran of arming the Houthis.", ("SAU", "accused", "IRN"))
    assert (theatre, basis) == ("yemen", "actor: Houthis")


def test_one_act_of_several_parties_gets_one_theatre(place) -> None:
    text = "Greece condemned the agreement between Turkey and the GNA."
    decided = place(text, ("GRC", "condemned", "TUR"), ("GRC", "condemned", "LBY-GNA"))
    assert [t for t, _ in decided] == ["libya", "libya"]


SYRIA_TEXT = (
    "Government forces advanced on Idlib in December. Shelling hit Aleppo and Saraqib. "
    "Ankara blamed the Syrian government. Russia and Turkey signed a gas deal."
)


def test_the_document_decides_for_its_own_actors_only(place) -> None:
    blamed, gas = place(SYRIA_TEXT, ("TUR", "blamed", "SYR"), ("RUS", "signed", "TUR"))
    assert blamed[0] == "syria" and blamed[1].startswith("document: about Syria; Syrian")
    assert gas[0] is None  # the gas deal stays bilateral in a text about Syria


def test_a_states_army_belongs_to_its_countrys_war(place) -> None:
    text = SYRIA_TEXT + " The Syrian Arab Army surrounded the Turkish posts."
    *_, (theatre, basis) = place(text, ("TUR", "blamed", "SYR"), ("SYR-SAA", "surrounded", "TUR"))
    assert theatre == "syria" and basis.startswith("document: about Syria; Syrian Arab Army")


def test_without_the_document_the_same_act_is_bilateral(place) -> None:
    [(theatre, _)] = place("Ankara blamed the Syrian government.", ("TUR", "blamed", "SYR"))
    assert theatre is None


def test_the_war_of_a_text_is_the_one_it_is_about(place) -> None:
    text = SYRIA_TEXT + " Washington criticised Moscow for the offensive."
    *_, (theatre, basis) = place(text, ("TUR", "blamed", "SYR"), ("USA", "criticised", "RUS"))
    assert theatre == "syria" and basis.startswith("sentence: the offensive")


# -- what a document is about ----------------------------------------------------------------------


def test_a_region_is_entered_when_one_country_holds_most_of_it(pipeline) -> None:
    coder = TheatreCoder(pipeline.registry)
    text = "Jihadists spread across the Sahel. In Mali, the junta in Bamako fought them near Gao and Mopti."
    document = Document(text=text)
    parsed = pipeline.nlp(text)
    document.mentions = pipeline.resolver(parsed, on=None)
    assert coder.read(parsed, document).about == "mali"


def test_a_tie_between_two_theatres_says_nothing(pipeline) -> None:
    coder = TheatreCoder(pipeline.registry)
    assert coder.dominant({"libya": 2, "syria": 2}) is None
    assert coder.dominant({"libya": 3, "syria": 2}) == "libya"
    assert coder.dominant({"sahel": 1, "mali": 3}) == "mali"
    assert coder.dominant({"sahel": 3, "mali": 1}) == "sahel"


EXPECTED_SUBJECTS = {
    "01-libya-2019.md": "libya",
    "02-libya-2020.md": "libya",
    "03-astana-syria.md": "syria",
    "04-nagorno-karabakh-2020.md": "nagorno-karabakh",
    "05-yemen-2019.md": "yemen",
    "06-sudan-2023.md": "sudan",
    "07-east-med-2020.md": "east-mediterranean",
    "08-mali-2022.md": "mali",
}


@pytest.mark.parametrize(("name", "theatre"), sorted(EXPECTED_SUBJECTS.items()))
def test_each_demo_text_is_about_its_conflict(pipeline, name: str, theatre: str) -> None:
    from multipolar.read import read_document

    document = read_document(DEMO / name)
    parsed = pipeline.nlp(document.text)
    document.mentions = pipeline.resolver(parsed, on=document.date)
    assert TheatreCoder(pipeline.registry).read(parsed, document).about == theatre


def test_the_pipeline_places_every_event_and_says_why(pipeline) -> None:
    document = pipeline.process(
        Document(text=SYRIA_TEXT + " Turkish drones struck Syrian army positions in Idlib.")
    )
    assert document.events
    for event in document.events:
        assert event.theatre_basis, event
        assert event.theatre_basis.split(":")[0] in {"place", "actor", "sentence", "document", "none"}
    assert "syria" in {e.theatre for e in document.events}


def test_theatre_membership_says_the_same_in_python_and_in_sql() -> None:
    import duckdb

    from multipolar.theatre.membership import in_theatres, in_theatres_sql, placed, placed_sql

    class Placed:
        def __init__(self, theatre: str | None, theatre_basis: str) -> None:
            self.theatre, self.theatre_basis = theatre, theatre_basis

    events = [
        Placed("libya", "place: in Sirte"),
        Placed(None, "none: no place"),
        Placed(None, ""),
        Placed("", ""),
    ]
    con = duckdb.connect()
    con.execute("CREATE TABLE e (i INTEGER, theatre VARCHAR, theatre_basis VARCHAR)")
    con.executemany(
        "INSERT INTO e VALUES (?, ?, ?)", [[i, e.theatre, e.theatre_basis] for i, e in enumerate(events)]
    )
    in_sql = {r[0] for r in con.execute(f"SELECT i FROM e WHERE {placed_sql()}").fetchall()}
    assert in_sql == {i for i, e in enumerate(events) if placed(e)} == {0, 1}
    for members in ({"libya"}, {None}, {"libya", None}, {"syria"}, set()):
        condition, params = in_theatres_sql(members)
        in_sql = {r[0] for r in con.execute(f"SELECT i FROM e WHERE {condition}", params).fetchall()}
        assert in_sql == {i for i, e in enumerate(events) if in_theatres(e, members)}, members
