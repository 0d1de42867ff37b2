"""The ontology and pattern files: complete, consistent, and checked on load."""

from __future__ import annotations

import pytest

from multipolar.coding import PatternError, load_ontology, load_patterns
from multipolar.document import QUADS

PLOVER_QUADS = {
    "verbal_cooperation": {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"},
    "material_cooperation": {"COOPERATE", "AID", "RETREAT"},
    "verbal_conflict": {"REQUEST", "ACCUSE", "REJECT", "THREATEN"},
    "material_conflict": {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"},
}


def test_sixteen_types_in_their_quads():
    o = load_ontology()
    assert len(o.types) == 16
    assert {q: set(v) for q, v in o.by_quad().items()} == PLOVER_QUADS
    for t in o.types.values():
        assert t.quad in QUADS
        assert t.polarity == (1 if "cooperation" in t.quad else -1)
        assert t.definition


def test_modes_and_contexts_come_from_the_manual():
    o = load_ontology()
    assert "military" in o["AID"].modes and "visit" in o["CONSULT"].modes
    assert {"withdraw", "release", "ceasefire"} <= set(o["RETREAT"].modes)
    assert {"military", "diplomatic", "economic", "humanitarian", "cyber", "cbrn"} <= set(o.contexts)
    assert len(o.contexts) == len(set(o.contexts)) >= 35


def test_every_pattern_is_valid_and_every_type_has_one():
    o = load_ontology()
    ps = load_patterns()
    assert {p.type for p in ps.patterns} == set(o.types)
    for p in ps.patterns:
        assert p.mode is None or p.mode in o[p.type].modes or p.mode in _all_modes(o), p.id
        assert p.context is None or p.context in o.contexts, p.id


def _all_modes(o):
    return {m for t in o.types.values() for m in t.modes}


def test_constrained_patterns_are_tried_first():
    ps = load_patterns()
    for candidates in ps.index.values():
        spec = [p.specificity for p in candidates]
        assert spec == sorted(spec, reverse=True)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("patterns:\n  - id: x\n    type: NOPE\n    verbs: [hit]\n", "unknown PLOVER type"),
        (
            "patterns:\n  - id: x\n    type: ASSAULT\n    verbs: [hit]\n    context: nowhere\n",
            "unknown context",
        ),
        ("patterns:\n  - id: x\n    type: ASSAULT\n", "one of 'verbs', 'nouns' or 'adjectives'"),
        (
            "patterns:\n  - id: x\n    type: ASSAULT\n    verbs: [hit]\n    objects: [$nolist]\n",
            "unknown word list",
        ),
        ("patterns:\n  - id: x\n    type: ASSAULT\n    verbs: [hit]\n    colour: red\n", "unknown keys"),
        ("patterns:\n  - type: ASSAULT\n    verbs: [hit]\n", "needs an 'id'"),
        ("patterns: [\n", "cannot read"),
    ],
)
def test_bad_pattern_files_are_reported_with_their_name(tmp_path, body, message):
    f = tmp_path / "bad.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(PatternError, match=message) as err:
        load_patterns(f)
    assert "bad.yaml" in str(err.value)


def test_missing_pattern_path_is_a_clear_error(tmp_path):
    with pytest.raises(PatternError, match="does not exist"):
        load_patterns(tmp_path / "nowhere")
