"""Dates: explicit dates in a sentence resolved against the document date."""

from __future__ import annotations

from datetime import date

import pytest

from multipolar.coding.dates import DateResolver, resolve_date

ANCHOR = date(2019, 12, 15)

CASES = [
    ("fighting resumed in late November", "2019-11-21/2019-11-30"),
    ("in early November", "2019-11-01/2019-11-10"),
    ("by mid-October", "2019-10-11/2019-10-20"),
    ("since early September", "2019-09-01/2019-12-15"),
    ("in September 2019", "2019-09-01/2019-09-30"),
    ("on 27 November 2019", "2019-11-27"),
    ("on November 27, 2019", "2019-11-27"),
    ("on 3 December", "2019-12-03"),
    ("after April", "2019-05-01/2019-12-15"),
    ("since 2014", "2014-01-01/2019-12-15"),
    ("in 2018", "2018-01-01/2018-12-31"),
    ("in early 2020", "2020-01-01/2020-04-30"),
    ("last week", "2019-12-08/2019-12-14"),
    ("yesterday", "2019-12-14"),
    ("last month", "2019-11-01/2019-11-30"),
    ("last year", "2018-01-01/2018-12-31"),
    ("on Monday", "2019-12-09"),
    # a month after the document's month is last year's
    ("in late December", "2019-12-21/2019-12-31"),
    ("in February", "2019-02-01/2019-02-28"),
    ("in March", "2019-03-01/2019-03-31"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_resolve(text, expected):
    assert resolve_date(text, ANCHOR) == expected


def test_year_is_inferred_backwards_from_the_document_date():
    assert resolve_date("in November", date(2020, 2, 1)) == "2019-11-01/2019-11-30"
    assert resolve_date("in November", date(2020, 12, 1)) == "2020-11-01/2020-11-30"


def test_leap_year_and_impossible_days():
    assert resolve_date("in late February", date(2020, 3, 1)) == "2020-02-21/2020-02-29"
    assert resolve_date("on 31 February 2019", ANCHOR) is None


def test_no_date_or_no_anchor():
    assert resolve_date("Turkey attacked Greece.", ANCHOR) is None
    assert resolve_date("in late November", None) is None  # no year to put it in
    assert resolve_date("in September 2019", None) == "2019-09-01/2019-09-30"


def test_modal_may_and_verb_march_are_not_months():
    assert resolve_date("Turkey may attack", ANCHOR) is None
    assert resolve_date("protesters will march on the capital", ANCHOR) is None
    assert resolve_date("the ceasefire of May 2019", ANCHOR) == "2019-05-01/2019-05-31"


def test_first_date_in_the_sentence_wins_and_spans_are_reported():
    found = DateResolver().find("Talks in September 2019 and a truce on 3 December.", ANCHOR)
    assert [d.value for d in found] == ["2019-09-01/2019-09-30", "2019-12-03"]
    assert found[0].text.endswith("September 2019")


def test_an_act_is_dated_by_its_own_clause_not_by_a_year_elsewhere(pipeline):
    from multipolar.document import Document

    text = (
        "Turkey, which joined NATO in 1952, attacked Greece on Monday. "
        "Italy accused the UAE of breaking the arms embargo imposed in 2011."
    )
    events = pipeline.process(Document(text=text, date=date(2020, 3, 4))).events
    dated = {(e.source, e.type): e.date for e in events}
    assert dated[("TUR", "ASSAULT")] == "2020-03-02"  # Monday, not 1952
    assert dated[("ITA", "ACCUSE")] == "2020-03-04"  # the document's date, not 2011
