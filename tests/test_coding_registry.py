"""The coder's named rules: roles and readings are registered, and the pattern files are checked
against them when they load (an unknown name is an error that names the file and the line)."""

from __future__ import annotations

import pytest

from multipolar.coding import PatternError, load_patterns
from multipolar.coding.catalogue import Catalogue
from multipolar.coding.readings import READINGS, suffix
from multipolar.coding.roles import ROLES

HEADER = "lexicon:\n  prepositions: [against, in, of, by, with]\npatterns:\n"


def write(tmp_path, body: str):
    f = tmp_path / "mine.yaml"
    f.write_text(body, encoding="utf-8")
    return f


def test_an_unknown_role_names_the_file_and_the_line(tmp_path):
    f = write(
        tmp_path,
        HEADER
        + "  - id: x.hit\n    type: ASSAULT\n    verbs: [hit]\n"
        + "    target: [object,\n             objcet]\n",
    )
    with pytest.raises(PatternError, match=r"mine\.yaml:8: pattern 'x\.hit': unknown role 'objcet'"):
        load_patterns(f)


def test_an_unquoted_yaml_boolean_is_no_role(tmp_path):
    # YAML reads a bare `on` as true: the loader says so instead of looking up a role "True"
    f = write(tmp_path, HEADER + "  - id: x.hit\n    type: ASSAULT\n    verbs: [hit]\n    target: [on]\n")
    with pytest.raises(PatternError, match=r"mine\.yaml:7: .*bad role True"):
        load_patterns(f)


def test_prepositions_and_registered_roles_are_accepted(tmp_path):
    f = write(
        tmp_path,
        HEADER + "  - id: x.hit\n    type: ASSAULT\n    verbs: [hit]\n"
        "    source: [subject, by]\n    target: [object, against, in support of]\n",
    )
    (p,) = load_patterns(f).patterns
    assert p.target == ("object", "against", "in support of")


def test_a_multiword_role_must_begin_and_end_with_a_preposition(tmp_path):
    body = "  - id: x.hit\n    type: ASSAULT\n    verbs: [hit]\n    target: [support of]\n"
    f = write(tmp_path, HEADER + body)
    with pytest.raises(PatternError, match="unknown role 'support of'"):
        load_patterns(f)


def test_an_unknown_reading_names_the_file_and_the_line(tmp_path):
    f = write(
        tmp_path,
        "readings:\n  - reading: operaton\n    type: SUPPORT\n    becomes: {type: AID}\n"
        + HEADER
        + "  - id: x.back\n    type: SUPPORT\n    verbs: [back]\n",
    )
    with pytest.raises(PatternError, match=r"mine\.yaml:2: reading 'operaton': unknown reading"):
        load_patterns(f)


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        ("  - reading: operation\n    type: SUPPORT\n    becomes: {type: HELP}\n", "unknown PLOVER type"),
        ("  - reading: operation\n    type: SUPPORT\n    becomes: {colour: red}\n", "'becomes' must map"),
        ("  - reading: operation\n    becomes: {type: AID}\n", "give the 'type'"),
        ("  - reading: intent\n    type: AID\n    becomes: {type: AGREE}\n", "applied by the coder itself"),
    ],
)
def test_bad_readings_are_reported(tmp_path, reading, message):
    pattern = "  - id: x.back\n    type: SUPPORT\n    verbs: [back]\n"
    f = write(tmp_path, "readings:\n" + reading + HEADER + pattern)
    with pytest.raises(PatternError, match=message) as err:
        load_patterns(f)
    assert "mine.yaml:" in str(err.value)


def test_the_shipped_readings_are_the_type_rewrites():
    rewrites = {(r.reading, r.when, dict(r.becomes)["type"]) for r in load_patterns().rewrites}
    assert ("operation", "SUPPORT", "AID") in rewrites
    assert ("force", "AGREE", "THREATEN") in rewrites
    assert ("diplomatic", "PROTEST", "ACCUSE") in rewrites
    assert ("unwelcome", "AID", "MOBILIZE") in rewrites


def test_every_registered_rule_says_what_it_does():
    assert {"subject", "object", "host", "holder", "poss", "mod", "by", "own_country"} <= set(ROLES.names())
    readings = {"operation", "force", "diplomatic", "material", "intent", "refusal", "likewise"}
    assert readings <= set(READINGS.names())
    for entry in ROLES:
        assert entry.func is not None
    for name in READINGS.names():
        assert len(READINGS.get(name).doc) > 20, name


def test_a_suffix_needs_a_registered_reading():
    assert suffix("intent") == "+intent"
    with pytest.raises(KeyError, match="unknown reading 'wishful'"):
        suffix("wishful")


def test_a_name_is_registered_once():
    catalogue: Catalogue = Catalogue("thing")
    catalogue.register("a")(len)
    with pytest.raises(ValueError, match="registered twice"):
        catalogue.register("a")(len)


def test_events_carry_only_registered_readings(pipeline):
    from multipolar.document import Document

    text = (
        "Russia's support for the rebel offensive angered Kyiv. "
        "Greece protested that it had not been invited. Armenia will send aid to Georgia."
    )
    doc = pipeline.process(Document(text=text))
    suffixes = {part for e in doc.events for part in e.pattern.split("+")[1:]}
    assert suffixes, [e.pattern for e in doc.events]
    assert suffixes <= set(READINGS.names())


def test_a_rewrite_gives_the_event_its_mode_and_context(pipeline):
    from multipolar.document import Document

    doc = pipeline.process(Document(text="Belarus voiced support for Moscow's offensive in the east."))
    (aid,) = [e for e in doc.events if e.pattern.endswith("+operation")]
    assert (aid.type, aid.mode, aid.context) == ("AID", "military", "military")
    doc = pipeline.process(Document(text="Portugal protested that its diplomats had been left out."))
    (complaint,) = [e for e in doc.events if e.pattern.endswith("+diplomatic")]
    assert (complaint.type, complaint.mode) == ("ACCUSE", "disapprove")
