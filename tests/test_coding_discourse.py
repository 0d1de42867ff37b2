"""Discourse rules of the coder: later references to an act inherit its target."""

from datetime import date

from multipolar.coding.discourse import inherit_targets
from multipolar.document import Document, Event


def event(source: str, type_: str, target: str | None, start: int) -> Event:
    return Event(
        doc="d",
        sentence="s",
        start=start,
        end=start + 1,
        source=source,
        target=target,
        type=type_,
        quad="material_cooperation",
        polarity=1,
        pattern="p",
        trigger="t",
    )


def test_targetless_repeat_takes_the_earlier_target() -> None:
    events = inherit_targets([event("RUS", "AID", "LBY-LAAF", 0), event("RUS", "AID", None, 10)])
    assert [e.target for e in events] == ["LBY-LAAF", "LBY-LAAF"]
    assert events[1].pattern == "p+antecedent"
    assert events[1].id != event("RUS", "AID", None, 10).id


def test_only_same_source_and_type_and_only_backwards() -> None:
    events = inherit_targets(
        [
            event("TUR", "AID", None, 0),  # nothing earlier: stays targetless
            event("TUR", "AID", "LBY-GNA", 5),
            event("RUS", "AID", None, 10),  # another source
            event("TUR", "SUPPORT", None, 15),  # another type
            event("TUR", "AID", "QAT", 20),
            event("TUR", "AID", None, 25),  # the latest earlier target wins
        ]
    )
    assert [e.target for e in events] == [None, "LBY-GNA", None, None, "QAT", "QAT"]


def test_a_later_verb_is_a_new_act_but_a_later_noun_refers_back() -> None:
    events = [event("RUS", "ASSAULT", "TUR", 0), event("RUS", "ASSAULT", None, 10)]
    assert [e.target for e in inherit_targets(events, nominal={"noun"})] == ["TUR", None]
    events[1].pattern = "noun"
    assert [e.target for e in inherit_targets(events, nominal={"noun"})] == ["TUR", "TUR"]


def test_coordinated_verbs_of_one_sentence_share_the_target() -> None:
    events = inherit_targets(
        [event("USA", "SANCTION", "ALB", 0), event("USA", "SANCTION", None, 0)], nominal=set()
    )
    assert [e.target for e in events] == ["ALB", "ALB"]


def test_in_a_document(pipeline) -> None:
    text = (
        "Turkey sent armed drones to the Government of National Accord in December. "
        "Greece protested. Turkey's deliveries of drones continued in January."
    )
    document = pipeline.process(Document(text=text, date=date(2020, 2, 1)))
    aid = [e for e in document.events if e.source == "TUR" and e.type == "AID"]
    assert len(aid) == 2 and {e.target for e in aid} == {"LBY-GNA"}
