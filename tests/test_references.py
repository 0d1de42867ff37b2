"""The document layer: words that refer back to actors and acts named earlier in a text.

Every sentence here is written for this test. Each rule is checked on the event it makes and on
the reference it records (the words, the actor, the antecedent, the rule).
"""

from __future__ import annotations

import pytest

from multipolar.document import Document, Event


def code(pipeline, text: str) -> list[Event]:
    return pipeline.process(Document(text=text)).events


def find(events: list[Event], source: str, type_: str, target: str | None) -> Event:
    for e in events:
        if (e.source, e.type, e.target) == (source, type_, target):
            return e
    raise AssertionError(f"no {source} {type_} {target} in {[(e.source, e.type, e.target) for e in events]}")


def reference(event: Event, role: str):
    found = [r for r in event.references if r.role == role]
    assert found, f"{event.source} {event.type} {event.target} keeps no {role} reference: {event.references}"
    return found[0]


# ---------------------------------------------------------------------- pronouns


def test_a_pronoun_refers_back_to_the_previous_sentence(pipeline) -> None:
    text = "Kenya's cabinet met on Monday. It later agreed to send police officers to Haiti."
    event = find(code(pipeline, text), "KEN", "AGREE", "HTI")
    ref = reference(event, "source")
    assert (ref.words, ref.actor, ref.antecedent, ref.rule) == ("It", "KEN", "Kenya", "pronoun")
    assert event.source_text == "Kenya"  # a pronoun names nobody: the event names its antecedent


def test_the_subject_of_a_reported_clause_is_the_reporter_not_the_nearest_name(pipeline) -> None:
    events = code(pipeline, "Mali informed the UN Security Council that it would expel French troops.")
    event = find(events, "MLI", "SANCTION", "FRA")
    assert reference(event, "source").antecedent == "Mali"
    assert not any(e.source == "UN" for e in events)


def test_a_possessive_in_a_reported_clause_is_the_reporters(pipeline) -> None:
    events = code(pipeline, "Ethiopia told Kenya that its forces had retaken Humera.")
    ref = reference(find(events, "ETH", "ASSAULT", None), "source")
    assert (ref.words, ref.antecedent) == ("its", "Ethiopia")


def test_a_plural_pronoun_after_troops_stands_for_their_side(pipeline) -> None:
    text = "Burundi deployed 2,000 troops to Congo, and Congo later demanded their withdrawal."
    ref = reference(find(code(pipeline, text), "COD", "REQUEST", "BDI"), "target")
    assert (ref.words, ref.rule) == ("their", "pronoun")


def test_a_coordination_is_what_they_refer_back_to(pipeline) -> None:
    text = "Chinese and Indian soldiers patrolled the valley where they had fought in June."
    events = code(pipeline, text)
    assert reference(find(events, "CHN", "ASSAULT", "IND"), "source").rule == "pronoun"
    find(events, "IND", "ASSAULT", "CHN")


# ---------------------------------------------------------------------- quoted first person


def test_we_inside_a_quotation_is_the_speakers_side(pipeline) -> None:
    text = '"Our navy will escort the tankers through the strait," the Indian defence minister said.'
    events = code(pipeline, text)
    assert events, "the escort is coded"
    assert all(e.source == "IND" for e in events)
    assert reference(events[0], "source").rule == "speaker"


def test_an_unquoted_run_of_first_person_sentences_shares_its_speaker(pipeline) -> None:
    text = (
        "We spoke to both governments this week. We have agreed to host the next round of talks, "
        "Norway's foreign minister announced."
    )
    events = code(pipeline, text)
    assert {e.source for e in events} == {"NOR"}
    assert all(reference(e, "source").rule == "speaker" for e in events)


# ---------------------------------------------------------------------- descriptions


def test_a_definite_description_refers_back_by_type_and_recency(pipeline) -> None:
    text = "The Wagner Group sent fighters to Mali in 2021. Last year the group withdrew from the country."
    event = find(code(pipeline, text), "RUS-WAGNER", "RETREAT", "MLI")
    source, target = reference(event, "source"), reference(event, "target")
    assert (source.rule, source.antecedent) == ("description", "Wagner Group")
    assert (target.rule, target.antecedent) == ("description", "Mali")
    assert event.source_text == "the group"  # a description names the actor itself


def test_a_description_set_beside_a_name_is_that_actor(pipeline) -> None:
    text = "Drones struck the positions of Hezbollah, the Iranian-backed militia, near Tyre."
    event = find(code(pipeline, text), "IRN", "SUPPORT", "LBN-HEZBOLLAH")
    assert reference(event, "target").rule == "apposition"


def test_a_description_is_not_its_own_clause_subject(pipeline) -> None:
    text = (
        "Sudan and Egypt held talks in Cairo. Later Egypt criticised the country for the killings in Darfur."
    )
    assert reference(find(code(pipeline, text), "EGY", "ACCUSE", "SDN"), "target").rule == "description"


def test_a_breakaway_region_is_the_separatist_authority_but_a_region_is_not(pipeline) -> None:
    before = "Russia recognised the Abkhaz authorities in 2008. "
    events = code(pipeline, before + "Georgia later accused the breakaway region of shelling Zugdidi.")
    assert reference(find(events, "GEO", "ACCUSE", "GEO-ABKHAZIA"), "target").rule == "description"
    events = code(pipeline, before + "Georgia later accused the region of shelling Zugdidi.")
    assert not any(e.target == "GEO-ABKHAZIA" for e in events if e.source == "GEO")


def test_a_description_with_the_same_noun_as_an_earlier_phrase_is_its_actor(pipeline) -> None:
    text = (
        "An Egyptian military mission arrived in Mogadishu in August. "
        "In October Ethiopia accused the mission of arming clan militias."
    )
    ref = reference(find(code(pipeline, text), "ETH", "ACCUSE", "EGY"), "target")
    assert (ref.words, ref.rule, ref.antecedent) == ("the mission", "description", "Egyptian")


def test_the_government_after_a_leader_is_the_leaders_country(pipeline) -> None:
    text = "President William Ruto said talks would resume soon. Al-Shabaab accused the government of lying."
    ref = reference(find(code(pipeline, text), "SOM-SHABAAB", "ACCUSE", "KEN"), "target")
    assert ref.rule == "description"


def test_this_group_may_be_named_later_in_its_sentence(pipeline) -> None:
    text = "Colombia suspended talks with this group on Friday, saying the ELN had killed five soldiers."
    ref = reference(find(code(pipeline, text), "COL", "SANCTION", "COL-ELN"), "target")
    assert (ref.words, ref.rule) == ("this group", "description")


# ---------------------------------------------------------------------- sets of parties


def test_the_two_countries_are_the_last_pair(pipeline) -> None:
    text = "Armenia and Azerbaijan held talks in Berlin. The two countries agreed to open the border."
    events = code(pipeline, text)
    assert reference(find(events, "ARM", "AGREE", "AZE"), "source").rule == "set"
    find(events, "AZE", "AGREE", "ARM")


def test_both_sides_are_the_parties_of_the_fighting(pipeline) -> None:
    text = "Ethiopia and Eritrea fought a border war until 2000. Both sides later signed a peace deal."
    events = code(pipeline, text)
    assert {(e.source, e.target) for e in events if e.type == "SUPPORT"} == {("ETH", "ERI"), ("ERI", "ETH")}


def test_the_three_are_the_last_three_named_together(pipeline) -> None:
    events = code(pipeline, "Brazil, India and South Africa met in Brasilia. The three condemned Israel.")
    assert {e.source for e in events if e.type == "ACCUSE" and e.target == "ISR"} == {"BRA", "IND", "ZAF"}
    assert reference(find(events, "ZAF", "ACCUSE", "ISR"), "source").rule == "set"


def test_the_latter_is_the_second_of_the_pair(pipeline) -> None:
    text = "Serbia and Kosovo blame each other for the clashes. The latter's police arrested three Serbs."
    event = find(code(pipeline, text), "XKX", "COERCE", "SRB")
    assert reference(event, "source").rule == "set"


# ---------------------------------------------------------------------- acts named again


def test_condemning_an_act_named_again_accuses_its_doer(pipeline) -> None:
    text = "Russia invaded Ukraine in February. Days later the European Union condemned the invasion."
    ref = reference(find(code(pipeline, text), "EU", "ACCUSE", "RUS"), "target")
    assert (ref.words, ref.rule, ref.antecedent) == ("the invasion", "event", "Russia")


def test_attending_the_meeting_meets_those_who_met(pipeline) -> None:
    events = code(pipeline, "Rwanda and Congo met in Doha on Monday. Qatar also attended the meeting.")
    find(events, "QAT", "CONSULT", "RWA")
    find(events, "QAT", "CONSULT", "COD")


def test_a_mediated_truce_is_between_the_sides_that_fought(pipeline) -> None:
    events = code(pipeline, "Armenia and Azerbaijan fought a war in 2020. A truce was brokered by Russia.")
    assert {e.target for e in events if e.source == "RUS" and e.type == "CONSULT"} == {"ARM", "AZE"}


def test_mediated_talks_are_between_the_parties_named_before(pipeline) -> None:
    text = (
        "Sudan's army and the RSF resumed fighting in April. "
        "Talks mediated by the African Union began in Addis Ababa."
    )
    events = code(pipeline, text)
    assert {e.target for e in events if e.source == "AU" and e.type == "CONSULT"} == {"SDN-SAF", "SDN-RSF"}


def test_a_mediator_is_no_party_to_the_truce(pipeline) -> None:
    events = code(
        pipeline, "Israel bombed Hamas positions on Monday. Hamas agreed to a truce brokered by Egypt."
    )
    assert not any(e.source == "PSE-HAMAS" and e.target == "EGY" for e in events)
    assert any(e.source == "PSE-HAMAS" and e.type == "AGREE" and e.target == "ISR" for e in events)


def test_a_deal_negotiated_through_a_third_country(pipeline) -> None:
    text = "Eritrea and Djibouti signed a deal. The deal, negotiated through Qatar, ends the dispute."
    assert {e.target for e in code(pipeline, text) if e.source == "QAT"} == {"ERI", "DJI"}


def test_an_act_named_again_is_no_doer_of_another(pipeline) -> None:
    events = code(pipeline, "Ghana and Togo signed a treaty. The treaty obliges Togo to extradite suspects.")
    assert events
    assert not any(r.rule == "event" and r.role == "source" for e in events for r in e.references)


# ---------------------------------------------------------------------- the explanation travels


def test_references_are_kept_in_the_json_of_extract(tmp_path) -> None:
    from typer.testing import CliRunner

    from multipolar.cli import app

    article = tmp_path / "note.txt"
    article.write_text("Russia invaded Ukraine in February. Days later Poland condemned the invasion.\n")
    result = CliRunner().invoke(app, ["extract", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    events = json.loads(result.stdout)["events"]
    accusation = next(e for e in events if e["type"] == "ACCUSE")
    assert accusation["references"] == [
        {"role": "target", "words": "the invasion", "actor": "RUS", "antecedent": "Russia", "rule": "event"}
    ]


@pytest.mark.parametrize("parquet", [False, True])
def test_references_survive_the_store(tmp_path, pipeline, parquet) -> None:
    from multipolar.store import open_store

    document = pipeline.process(
        Document(text="Russia invaded Ukraine in February. Days later Poland condemned the invasion.")
    )
    assert any(e.references for e in document.events)
    path = tmp_path / ("p" if parquet else "s.duckdb")
    with open_store(path, read_only=False, parquet=parquet) as store:
        store.add(document)
    with open_store(path, parquet=parquet) as store:
        stored = {e.id: e for e in store.events()}
    for event in document.events:
        assert stored[event.id].references == event.references
