"""Actors named by description, by conflict and date (data/actors/descriptions.tsv). Sentences
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from multipolar.nlp import load_nlp
from multipolar.resolve import Registry, RegistryError, Resolver
from multipolar.resolve.descriptions import Descriptions
from multipolar.theatre.definitions import load_theatres


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def resolver(nlp):
    return Resolver(Registry.load(), nlp)


def described(resolver, nlp, text, on):
    return [
        (m.text, m.actor, m.candidates)
        for m in resolver(nlp(text), on=on)
        if m.rule in ("description", "ambiguous")
    ]


@pytest.mark.parametrize(
    "text, on, expected",
    [
        ("The East-based army shelled Misrata overnight.", date(2019, 6, 1), "LBY-LAAF"),
        ("Drones struck the Tripoli-based government's positions near Sirte.", date(2019, 6, 1), "LBY-GNA"),
        ("Drones struck the Tripoli-based government's positions near Sirte.", date(2023, 6, 1), "LBY-GNU"),
        ("In Yangon the ruling generals freed two prisoners.", date(2022, 3, 1), "MMR-SAC"),
        ("Niamey said the junta would expel the envoy.", date(2023, 9, 1), "NER-CNSP"),
        (
            "Azerbaijan said the separatist forces in Karabakh had fired first.",
            date(2022, 8, 3),
            "ARM-ARTSAKH",
        ),
        (
            "Chisinau accused the separatist authorities of Transnistria of blocking trade.",
            date(2021, 2, 1),
            "MDA-TRANSNISTRIA",
        ),
        ("Kurdish forces took Raqqa after the Syrian army withdrew.", date(2017, 10, 20), "SYR-SDF"),
        ("Kurdish forces retook Sinjar from the militants in Iraq.", date(2015, 11, 13), "IRQ-PESHMERGA"),
    ],
)
def test_a_description_stands_for_the_actor_of_its_conflict_and_time(resolver, nlp, text, on, expected):
    assert [a for _, a, _ in described(resolver, nlp, text, on)] == [expected]


@pytest.mark.parametrize(
    "text, on",
    [
        ("The east-based army held a parade.", date(2019, 6, 1)),  # no conflict named
        ("In Yangon the ruling generals freed two prisoners.", date(2019, 3, 1)),  # before the 2021 coup
        ("Azerbaijan said the separatist forces in Karabakh had left.", date(2024, 3, 1)),  # dissolved
    ],
)
def test_a_description_outside_its_conflict_or_time_stands_for_no_one(resolver, nlp, text, on):
    assert described(resolver, nlp, text, on) == []


def test_a_description_stands_for_the_conflict_named_last_before_it(resolver, nlp):
    found = described(
        resolver, nlp, "Mali's rulers met Niger's; the junta said it would leave.", date(2023, 9, 1)
    )
    assert [a for _, a, _ in found] == ["NER-CNSP"]


def test_a_description_whose_conflicts_are_named_alike_after_it_stays_open(resolver, nlp):
    found = described(resolver, nlp, "The junta said troops would leave Mali and Niger.", date(2023, 9, 1))
    assert [(a, set(c)) for _, a, c in found] == [(None, {"NER-CNSP", "MLI-JUNTA"})]


def test_the_bundled_descriptions_name_registered_actors_and_scopes(nlp):
    table = Descriptions.load(Registry.load(), nlp.tokenizer, load_theatres())
    assert len(table.phrases) > 50


def test_bad_description_rows_are_named_by_file_and_line(tmp_path, nlp):
    registry, theatres = Registry.load(), load_theatres()
    header = "description\tactor\tscope\tvalid_from\tvalid_to\n"
    for row, message in [
        ("the rebels\tX-NOBODY\t\t\t\n", "unknown actor"),
        ("the rebels\tLBY-LAAF\tatlantis\t\t\n", "unknown scope"),
        ("the rebels\tLBY-LAAF\tlibya\t2019-13\t\n", "month must be"),
    ]:
        path = tmp_path / "d.tsv"
        path.write_text(header + row)
        with pytest.raises(RegistryError, match=rf"d.tsv:2: {message}"):
            Descriptions.load(registry, nlp.tokenizer, theatres, path)


def test_a_description_another_name_qualifies_is_that_actors(resolver, nlp):
    """ "Russian government forces" in a text on Ukraine are Russia's, not Ukraine's; unqualified,
    the government's forces are the state's."""
    text = "Near Kharkiv, Russian government forces shelled a school. Government forces retook Izium."
    found = [(m.text, m.actor) for m in resolver(nlp(text), on=date(2022, 9, 12))]
    assert ("Russian", "RUS") in found and ("Government forces", "UKR") in found
    assert ("government forces", "UKR") not in found
