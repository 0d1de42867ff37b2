"""Names read on the date their sentence tells of, seats of government by date, datelines that are no
actors, and undated texts. Sentences written for these tests."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.nlp import load_nlp
from multipolar.resolve import Registry, Resolver


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def resolver(nlp):
    return Resolver(Registry.load(), nlp)


def actors(resolver, nlp, text, on):
    return [(m.text, m.actor) for m in resolver(nlp(text), on=on)]


def test_a_sentence_telling_of_an_earlier_year_reads_its_names_then(resolver, nlp):
    text = (
        "In 2019, Tripoli asked Ankara for armed drones. Turkey sent drones and officers to Tripoli. "
        "Tripoli said on Monday that elections would be held."
    )
    found = actors(resolver, nlp, text, date(2024, 6, 3))
    tripoli = [a for t, a in found if t == "Tripoli"]
    # the second sentence goes on telling of 2019; the third is the document's own time
    assert tripoli == ["LBY-GNA", "LBY-GNA", "LBY-GNU"]


def test_a_present_tense_sentence_after_a_dated_one_is_read_on_the_document_date(resolver, nlp):
    text = "In 2019, Tripoli asked Ankara for drones. Today Tripoli wants elections."
    assert [a for t, a in actors(resolver, nlp, text, date(2024, 6, 3)) if t == "Tripoli"] == [
        "LBY-GNA",
        "LBY-GNU",
    ]


def test_a_name_one_actor_bears_resolves_after_its_time(resolver, nlp):
    found = actors(resolver, nlp, "Haftar fought the Government of National Accord.", date(2025, 1, 1))
    assert ("Government of National Accord", "LBY-GNA") in found


@pytest.mark.parametrize(
    "on, expected",
    [(date(2012, 3, 1), "YEM"), (date(2018, 3, 1), "YEM-HOUTHI")],
)
def test_a_seat_is_its_holders_only_while_they_govern_from_it(resolver, nlp, on, expected):
    assert actors(resolver, nlp, "Sanaa rejected the proposal.", on) == [("Sanaa", expected)]


def test_an_undated_text_reads_a_seat_by_the_dates_it_gives(resolver, nlp):
    found = actors(resolver, nlp, "Sanaa rejected the plan in March 2017. Sanaa then fired missiles.", None)
    assert [a for t, a in found if t == "Sanaa"] == ["YEM-HOUTHI", "YEM-HOUTHI"]


def test_an_undated_text_without_dates_leaves_a_seat_open_unless_context_settles_it(resolver, nlp):
    (mention,) = resolver(nlp("Tripoli rejected the plan."), on=None)
    assert mention.actor is None and {"LBY-GNA", "LBY-GNU", "LBY"} <= set(mention.candidates)
    found = actors(resolver, nlp, "Tripoli rejected the plan. The GNA said it would not talk.", None)
    assert found[0] == ("Tripoli", "LBY-GNA")


@pytest.mark.parametrize(
    "text",
    [
        "PARIS (Reuters) - Mali's junta expelled the French ambassador.",
        "BAMAKO, Mali, Feb 1 (AFP) -- Mali's junta expelled the French ambassador.",
    ],
)
def test_a_dateline_is_no_actor(resolver, nlp, text):
    found = resolver(nlp(text), on=date(2022, 2, 1))
    assert found[0].text == "Mali" and found[-1].actor == "FRA"
    assert all(m.start > text.index("-") for m in found)


runner = CliRunner()


def test_an_undated_text_says_so(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Since the 2012 revolt, Ankara has armed the rebels against Damascus.\n")
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "undated" in result.stderr
    document = json.loads(result.stdout)["documents"][0]
    assert document["date"] is None and document["undated"] is True


@pytest.mark.parametrize(
    "text, on, expected",
    [
        (
            "Abkhazia asked Moscow for troops.",
            date(2019, 4, 2),
            [("Abkhazia", "GEO-ABKHAZIA"), ("Moscow", "RUS")],
        ),
        ("Tigray refused to disarm its fighters.", date(2021, 7, 1), [("Tigray", "ETH-TPLF")]),
        ("Nagorno-Karabakh held elections.", date(2020, 3, 31), [("Nagorno-Karabakh", "ARM-ARTSAKH")]),
        # a territory is a place after a preposition of place, and one joined to such a place too
        ("Rockets fell across Abkhazia and Transnistria.", date(2019, 4, 2), []),
        # the enclave's authorities were dissolved in 2023: after that the name is a region
        ("Nagorno-Karabakh held elections.", date(2024, 3, 31), []),
    ],
)
def test_a_territory_acting_is_its_authorities(resolver, nlp, text, on, expected):
    assert actors(resolver, nlp, text, on) == expected
