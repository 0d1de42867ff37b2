"""`multipolar evaluate` on the reader-relations format: relations a reader takes from whole
articles, scored by recall, type recall and precision per half (the definitions of the reader_set's
own scoring tool). The articles and gold here are written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.evaluation import GoldFormatError, evaluate_path, gold_kind
from multipolar.evaluation.relations import (
    GoldRelation,
    coded_relations,
    in_relations_half,
    matcher,
    score_article,
)

ARTICLES = {
    "02-drones.txt": "Date: 2024-03-01\n\nTurkey sent drones to Ukraine. Russia condemned the delivery.\n",
    "03-talks.txt": "Date: 2024-03-02\n\nEgypt and Ethiopia held talks in Cairo on the dam.\n",
}
GOLD = {
    "actors": {
        "TUR": ["TUR", "Turkey", "Ankara"],
        "UKR": ["UKR", "Ukraine", "Kyiv"],
        "RUS": ["RUS", "Russia", "Moscow"],
        "EGY": ["EGY", "Egypt"],
        "ETH": ["ETH", "Ethiopia"],
    },
    "docs": {
        "02-drones.txt": [
            ["TUR", "UKR", "+", "AID"],
            ["RUS", "TUR", "-", "ACCUSE"],
            ["RUS", "UKR", "-", "ACCUSE"],
        ],
        "03-talks.txt": [["EGY", "ETH", "+", "CONSULT", "sym"]],
    },
}


@pytest.fixture()
def reader_set(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in ARTICLES.items():
        (docs / name).write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    return gold


def test_the_format_is_recognised(reader_set: Path) -> None:
    assert gold_kind(reader_set) == "relations"


def test_each_half_is_scored_as_the_benchmark_defines(reader_set: Path, pipeline) -> None:
    even = evaluate_path(reader_set, pipeline, half="even").relations
    assert [a.name for a in even.articles] == ["02-drones.txt"]
    # the delivery and its condemnation of the doer are found; Russia's accusation of Ukraine is not
    assert (even.total("found"), even.total("relations")) == (2, 3)
    assert even.total("right") == even.total("produced") == 2
    assert even.articles[0].missed == ["RUS->UKR- ACCUSE"]
    assert round(even.recall, 3) == 0.667 and even.precision == 1.0
    odd = evaluate_path(reader_set, pipeline, half="odd").relations
    # a mutual act is found in either direction, and both directions coded count as right
    assert (odd.total("found"), odd.total("produced"), odd.total("right")) == (1, 2, 2)
    whole = evaluate_path(reader_set, pipeline).relations
    assert len(whole.articles) == 2 and whole.total("relations") == 4


def test_the_halves_go_by_the_leading_number() -> None:
    assert in_relations_half("21-a-2024b.txt", "odd") and not in_relations_half("21-a-2024b.txt", "even")
    assert in_relations_half("08-x.txt", "even") and in_relations_half("08-x.txt", "all")


def test_an_actor_maps_to_the_best_fitting_key() -> None:
    match = matcher({"SDF": ["SDF", "Syrian Democratic Forces"], "SYR": ["SYR", "Syria", "Syrian"]})
    assert match("SYR-SDF", "Syrian Democratic Forces", ["SDF"]) == {"SDF"}  # a name equal wins
    assert match("SYR", "Syria", []) == {"SYR"}
    assert match("X-SYRIAN-DEMOCRATIC-FORCES-COUNCIL", "Syrian Democratic Forces Council", []) == {"SDF"}
    assert match("IRN", "Iran", []) == set()


def test_precision_counts_each_relation_once_and_a_wrong_one_against() -> None:
    gold = [GoldRelation("A", "B", -1, "ASSAULT"), GoldRelation("A", "C", 1, None, mutual=True)]
    coded = {("A", "B", -1): {"ASSAULT"}, ("C", "A", 1): {"CONSULT"}, ("B", "A", -1): {"ASSAULT"}}
    article = score_article("01-x.txt", gold, coded)
    assert (article.found, article.typed, article.right, article.produced) == (2, 2, 2, 3)
    assert article.extra == ["B->A- ASSAULT"]


def test_negated_and_unsigned_events_make_no_relation(pipeline) -> None:
    from multipolar.document import Document

    document = pipeline.process(Document(text="Turkey did not send drones to Ukraine."))
    assert document.events and all(e.modality == "negated" for e in document.events)
    assert coded_relations(document, lambda actor: {actor}) == {}


def test_the_command_prints_the_summary_and_the_details(reader_set: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(reader_set), "--half", "even"])
    assert result.exit_code == 0, result.output
    assert "1 articles, 3 reader relations: recall 0.667 (2/3)" in result.output
    assert "RUS->UKR- ACCUSE" in result.output
    quiet = CliRunner().invoke(app, ["evaluate", str(reader_set), "--half", "even", "-m", "0"])
    assert "RUS->UKR- ACCUSE" not in quiet.output
    data = json.loads(CliRunner().invoke(app, ["evaluate", str(reader_set), "--format", "json"]).stdout)
    assert data["kind"] == "relations" and data["relations"] == 4


def test_articles_elsewhere_are_found_with_text(reader_set: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere"
    (tmp_path / "docs").rename(moved)
    missing = CliRunner().invoke(app, ["evaluate", str(reader_set)])
    assert missing.exit_code != 0 and "multipolar: error:" in missing.output and "--text" in missing.output
    found = CliRunner().invoke(app, ["evaluate", str(reader_set), "--text", str(moved), "-m", "0"])
    assert found.exit_code == 0, found.output


@pytest.mark.parametrize(
    "docs",
    [
        {"01-x.txt": [["A", "B", "x", "AID"]]},  # no sign
        {"01-x.txt": [["A", "B"]]},  # too short
        {"01-x.txt": "A B +"},  # not a list
    ],
)
def test_a_malformed_gold_is_a_clear_error(tmp_path: Path, docs: dict) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"actors": {"A": ["A"]}, "docs": docs}), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="01-x.txt"):
        from multipolar.evaluation import load_relations

        load_relations(gold)
    result = CliRunner().invoke(app, ["evaluate", str(gold)])
    assert result.exit_code != 0 and result.output.startswith("multipolar: error:")
    assert "Traceback" not in result.output


def test_an_annotation_file_names_its_folder_halves_and_date(tmp_path: Path, pipeline) -> None:
    """Annotations kept apart from their texts (eval/reader-*.json): the folder is found beside the
    gold or under a `shared` folder of an ancestor, the halves are the gold's own, and an article
    without a date of its own takes the gold's."""
    texts = tmp_path / "shared" / "bench" / "reports"
    texts.mkdir(parents=True)
    (texts / "01-a.txt").write_text("Chad sent troops to Niger.\n", encoding="utf-8")
    (texts / "02-b.txt").write_text("Date: 2023-05-02\n\nChad expelled Niger's envoy.\n", encoding="utf-8")
    annotations = tmp_path / "repo" / "eval"
    annotations.mkdir(parents=True)
    gold = annotations / "reader-x.json"
    gold.write_text(
        json.dumps(
            {
                "folder": "bench/reports",
                "date": "2023-04-01",
                "halves": {"01-a.txt": "even", "02-b.txt": "odd"},
                "actors": {"TCD": ["TCD", "Chad"], "NER": ["NER", "Niger"]},
                "docs": {
                    "01-a.txt": [["TCD", "NER", "+", "AID"]],
                    "02-b.txt": [["TCD", "NER", "-", "SANCTION"]],
                },
            }
        ),
        encoding="utf-8",
    )
    from multipolar.evaluation import load_relations

    loaded = load_relations(gold)
    assert loaded.folder == texts and str(loaded.date) == "2023-04-01"
    even = evaluate_path(gold, pipeline, half="even").relations
    assert [a.name for a in even.articles] == ["01-a.txt"] and even.total("found") == 1
    odd = evaluate_path(gold, pipeline, half="odd").relations
    assert [a.name for a in odd.articles] == ["02-b.txt"]
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--half", "odd", "-m", "0"])
    assert result.exit_code == 0 and "as the gold halves them" in result.output


@pytest.mark.parametrize("extra", [{"halves": {"01-x.txt": "left"}}, {"date": "May 2023"}, {"folder": 3}])
def test_malformed_annotation_keys_are_clear_errors(tmp_path: Path, extra: dict) -> None:
    gold = tmp_path / "gold.json"
    raw = {"actors": {"A": ["A"]}, "docs": {"01-x.txt": [["A", "B", "+"]]}, **extra}
    gold.write_text(json.dumps(raw), encoding="utf-8")
    from multipolar.evaluation import load_relations

    with pytest.raises(GoldFormatError):
        load_relations(gold)


ANNOTATIONS = sorted((Path(__file__).parent.parent / "eval").glob("reader-*.json"))


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.name)
def test_our_reader_annotations_are_well_formed(path: Path) -> None:
    """Every relation names a key of the actors map and a PLOVER type; every article is halved; the
    texts are found where ../shared has them."""
    from multipolar.coding import load_ontology
    from multipolar.evaluation import load_relations

    gold = load_relations(path)
    types = set(load_ontology().types)
    for name, relations in gold.docs.items():
        assert relations, name
        for r in relations:
            assert {r.source, r.target} <= set(gold.actors) and r.source != r.target, (name, r)
            assert r.type in types, (name, r)
        assert not gold.halves or name in gold.halves
    if gold.folder.is_dir():
        assert all((gold.folder / name).is_file() for name in gold.docs)
