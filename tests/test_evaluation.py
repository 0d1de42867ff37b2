"""Gold format, metrics, GSR adapter and keyed gold: no pipeline needed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from multipolar.document import Event
from multipolar.evaluation.gold import ANY, GoldEvent, GoldFormatError, load_gold
from multipolar.evaluation.gsr import is_gsr, load_gsr
from multipolar.evaluation.keyed import is_keyed, load_keyed, locate
from multipolar.evaluation.metrics import Unit, align, score, triple_match
from test_cli import TYPES  # the 16 PLOVER types of the contract

SHARED = Path(__file__).parents[1].parent / "shared"
GSR = SHARED / "benchmarks" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
REPO = Path(__file__).parents[1]
QUADS = {
    "ASSAULT": "material_conflict",
    "ACCUSE": "verbal_conflict",
    "AID": "material_cooperation",
    "CONSULT": "verbal_cooperation",
    "SANCTION": "material_conflict",
}


def coded(source, target, type_, modality="asserted") -> Event:
    return Event(
        doc="d",
        sentence="s",
        start=0,
        end=1,
        source=source,
        target=target,
        type=type_,
        quad=QUADS.get(type_, ""),
        polarity=0,
        modality=modality,
    )


def gold(source, target, type_, modality="asserted") -> GoldEvent:
    return GoldEvent(source, target, type_, modality=modality)


def test_perfect_coding_scores_one():
    units = [Unit("1", "t", [gold("TUR", "LBY-GNA", "AID")], [coded("TUR", "LBY-GNA", "AID")])]
    report = score(units, QUADS)
    assert (report.triples.precision, report.triples.recall, report.triples.f1) == (1.0, 1.0, 1.0)
    assert report.modality_accuracy == 1.0


def test_wrong_target_fails_triple_but_passes_pair_and_type():
    units = [Unit("1", "t", [gold("RUS", "LBY-LAAF", "AID")], [coded("RUS", "LBY-GNA", "AID")])]
    report = score(units, QUADS)
    assert report.triples.tp == 0 and report.triples.fp == 1 and report.triples.fn == 1
    assert report.pairs.tp == 1 and report.types.tp == 1 and report.quads.tp == 1
    assert report.misses[0]["expected"] == "RUS -AID-> LBY-LAAF"
    assert report.false_alarms[0]["coded"] == "RUS -AID-> LBY-GNA"


def test_counts_across_units_and_types():
    units = [
        Unit(
            "1",
            "a",
            [gold("EGY", "TUR", "ACCUSE"), gold("GRC", "TUR", "ACCUSE")],
            [coded("EGY", "TUR", "ACCUSE")],
        ),
        Unit("2", "b", [], [coded("USA", None, "CONSULT")]),  # event-free sentence: a false alarm
        Unit(
            "3",
            "c",
            [gold("ARM", "AZE", "ASSAULT")],
            [coded("ARM", "AZE", "ASSAULT"), coded("AZE", "ARM", "ASSAULT")],
        ),
    ]
    report = score(units, QUADS)
    assert (report.triples.tp, report.triples.fp, report.triples.fn) == (2, 2, 1)
    assert report.triples.precision == pytest.approx(0.5)
    assert report.triples.recall == pytest.approx(2 / 3)
    assert report.triples.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    # types per sentence: ACCUSE found, ASSAULT found (once per sentence), CONSULT spurious
    assert (report.types.tp, report.types.fp, report.types.fn) == (2, 1, 0)
    assert report.empty_sentences == 1 and report.empty_with_events == 1
    rows = {r["type"]: r for r in report.type_rows()}
    assert rows["ACCUSE"]["triple_r"] == 0.5 and rows["ACCUSE"]["type_r"] == 1.0
    assert rows["CONSULT"]["triple_p"] == 0.0
    assert report.weakest(1, min_gold=0) == ["CONSULT"]


def test_each_coded_event_matches_one_gold_event():
    g = [gold("TUR", "LBY-GNA", "AID"), gold("TUR", "LBY-GNA", "AID")]
    assert len(align(g, [coded("TUR", "LBY-GNA", "AID")], triple_match)) == 1


def test_an_unnamed_gold_actor_matches_nothing_and_its_sentence_is_left_out():
    from multipolar.evaluation import named_only
    from multipolar.evaluation.gold import GoldSentence

    g = [gold(ANY, "IRQ", "ASSAULT"), gold("USA", "IRQ", "ASSAULT")]
    c = [coded("USA", "IRQ", "ASSAULT")]
    assert align(g, c, triple_match) == [(1, 0)]
    assert align([gold(ANY, "IRQ", "ASSAULT")], c, triple_match) == []  # no wildcard
    kept, left_out = named_only([GoldSentence("a", "x", [g[0]]), GoldSentence("b", "y", [g[1]])])
    assert [s.id for s in kept] == ["b"] and left_out == 1


def test_halves_split_by_the_parity_of_the_last_number_in_the_id():
    from multipolar.evaluation import in_half

    assert in_half("0412", "even") and not in_half("0412", "odd")
    assert in_half("PLOVER-GSR01-AGREE-0005", "odd") and in_half("dev-042", "even")
    assert in_half("anything", "all") and not in_half("no-number", "even")


def test_modality_is_scored_on_matched_events_only():
    units = [
        Unit(
            "1",
            "t",
            [gold("FRA", "LBY-LAAF", "AID", "negated"), gold("ITA", None, "CONSULT")],
            [coded("FRA", "LBY-LAAF", "AID", "asserted"), coded("DEU", None, "CONSULT")],
        )
    ]
    report = score(units, QUADS)
    assert report.modality_accuracy == 0.0
    assert report.modality[("negated", "asserted")] == 1
    assert "(negated)" in report.misses[0]["expected"] or report.misses[0]["expected"].startswith("ITA")


def test_tags_collect_their_sentences():
    units = [
        Unit("1", "t", [gold("SDN", None, "ASSAULT")], [], ("passive",)),
        Unit("2", "t", [gold("SDN", None, "ASSAULT")], [coded("SDN", None, "ASSAULT")], ("negation",)),
    ]
    report = score(units, QUADS)
    assert report.by_tag["passive"].recall == 0.0 and report.by_tag["negation"].recall == 1.0


def test_undefined_ratios_are_none_not_zero():
    report = score([Unit("1", "t", [], [])], QUADS)
    assert report.triples.precision is None and report.triples.f1 is None
    assert report.to_dict()["triples"]["recall"] is None


def write_lines(path: Path, rows: list) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_load_gold_reads_the_documented_format(tmp_path):
    path = write_lines(
        tmp_path / "g.jsonl",
        [
            {
                "id": "a",
                "text": "Turkey sent drones to Tripoli.",
                "date": "2020-01-05",
                "events": [{"source": "TUR", "target": "LBY-GNA", "type": "aid"}],
                "tags": ["coordination"],
            },
            "",
            {"id": "b", "text": "Nothing happened.", "events": []},
        ],
    )
    sentences = load_gold(path, ("AID",))
    assert sentences[0].date == date(2020, 1, 5) and sentences[0].events[0].type == "AID"
    assert sentences[0].events[0].modality == "asserted" and sentences[0].tags == ("coordination",)
    assert sentences[1].events == [] and sentences[1].date is None


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"text": "x", "events": [{"type": "AID"}]}), "lacks source"),
        (json.dumps({"text": "x", "events": [{"source": "A", "type": "HUG"}]}), "unknown event type"),
        (
            json.dumps({"text": "x", "events": [{"source": "A", "type": "AID", "modality": "maybe"}]}),
            "modality",
        ),
        (json.dumps({"text": "", "events": []}), "non-empty"),
        (json.dumps({"text": "x", "date": "May 5", "events": []}), "ISO date"),
    ],
)
def test_bad_gold_lines_name_the_line(tmp_path, line, message):
    path = write_lines(tmp_path / "bad.jsonl", [{"text": "fine", "events": []}, line])
    with pytest.raises(GoldFormatError, match=f"bad.jsonl:2.*{message}"):
        load_gold(path, ("AID",))


def test_gsr_adapter_maps_labels_codes_and_compounds(tmp_path):
    records = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "x"},
        {
            "id": "R1",
            "date": "2000-01-01",
            "event": "DISAPPROVE",
            "text": "A sentence.",
            "source": [{"actorText": "Japan", "code": "JAP"}, {"actorText": "the UN", "code": "IGO"}],
            "target": [{"actorText": "Iraq", "code": "IRQ", "sector": "GOV"}],
            "textInfo": {"markup": ""},
        },
        {
            "id": "R2",
            "date": "2000-01-01",
            "event": "FIGHT",
            "text": "A sentence.",
            "source": [{"actorText": "gunmen", "code": "NGO"}],
            "target": "",
            "textInfo": {"markup": ""},
        },
        {
            "id": "R3",
            "date": "2000-01-01",
            "event": "AGREE",
            "text": "Two agreed.",
            "source": [{"actorText": "A", "code": "HUN"}, {"actorText": "B", "code": "ROU"}],
            "textInfo": {"markup": "(SRC/TAR: A) and (SRC/TAR: B) (EVT: agreed)"},
        },
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records, indent=1))
    assert is_gsr(path) and not is_keyed(path)
    sentences = load_gsr(path, resolve=lambda text: "UN" if "UN" in text else None)
    assert [s.id for s in sentences] == ["R1", "R3"]  # same text -> one sentence, DOCUMENT skipped
    labels = [e.label() for e in sentences[0].events]
    assert labels == ["JPN -ACCUSE-> IRQ", "UN -ACCUSE-> IRQ", f"{ANY} -ASSAULT-> -"]
    assert sorted(e.label() for e in sentences[1].events) == ["HUN -AGREE-> ROU", "ROU -AGREE-> HUN"]


@pytest.mark.skipif(not GSR.is_file(), reason="needs ../shared/benchmarks/plover-gsr")
def test_real_gsr_file_loads_with_current_labels():
    sentences = load_gsr(GSR)
    types = {e.type for s in sentences for e in s.events}
    assert types <= set(TYPES)
    assert len(sentences) > 300
    assert not {"JAP", "ITL", "IGO"} & {e.source for s in sentences for e in s.events}


def test_keyed_gold_locates_keys_across_line_breaks_and_quote_styles(tmp_path):
    text = "First line.\nRussia’s envoy met\nthe Turkish minister. Then Russia’s envoy left."
    assert locate(text, "Russia's envoy met the Turkish") == text.index("Russia’s envoy met")
    assert locate(text, "Russia's envoy", offset=40) == text.rindex("Russia’s envoy")
    assert locate(text, "absent words") is None
    path = write_lines(
        tmp_path / "k.jsonl",
        [
            {"document": "seeds/x.txt", "date": "2019-12-20"},
            {"key": "Russia's envoy met", "events": [{"source": "RUS", "target": "TUR", "type": "CONSULT"}]},
        ],
    )
    assert is_keyed(path) and not is_gsr(path)
    keyed = load_keyed(path)
    assert keyed.date == date(2019, 12, 20) and keyed.entries[0].events[0].target == "TUR"


def test_keyed_gold_rejects_long_keys(tmp_path):
    path = write_lines(
        tmp_path / "k.jsonl", [{"document": "x"}, {"key": "one two three four five six seven eight nine"}]
    )
    with pytest.raises(GoldFormatError, match="more than 8 words"):
        load_keyed(path)


@pytest.mark.parametrize("name", ["dev-gold.jsonl"])
def test_shipped_gold_set_is_valid_and_covers_every_type(name):
    sentences = load_gold(REPO / "eval" / name)
    types = [e.type for s in sentences for e in s.events]
    assert len(sentences) >= 150
    assert all(types.count(t) >= 6 for t in TYPES), "each type needs six gold events"
    assert sum(not s.events for s in sentences) >= 10
    assert len({s.id for s in sentences}) == len(sentences)
    tags = {t for s in sentences for t in s.tags}
    assert {"negation", "hedged", "passive", "coordination", "reported"} <= tags


class FakeRegistry:
    """Just enough registry for parent links: id -> parent."""

    def __init__(self, parents: dict[str, str | None]) -> None:
        self.parents = parents

    def get(self, actor_id):
        if actor_id not in self.parents:
            return None
        return type("A", (), {"parent": self.parents[actor_id], "country": None})()


def test_sub_units_count_as_their_parent_but_not_the_reverse():
    from multipolar.evaluation.run import part_of

    same = part_of(FakeRegistry({"TUR-TAF": "TUR", "TUR": None, "LBY-LAAF": None}))
    assert same("TUR", "TUR-TAF") and same("TUR", "TUR") and not same(ANY, "LBY-LAAF")
    assert not same("TUR-TAF", "TUR") and not same("LBY", "LBY-LAAF") and not same("TUR", None)
    units = [Unit("1", "t", [gold("TUR", "LBY-GNA", "AID")], [coded("TUR-TAF", "LBY-GNA", "AID")])]
    assert score(units, QUADS).triples.tp == 0
    assert score(units, QUADS, same).triples.tp == 1
