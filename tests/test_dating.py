"""When a text was written, from the text: Date: lines, datelines, the latest explicit date; never a
year on its own. Texts written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from multipolar.read.dating import datelines, explicit_dates, guess_date

TODAY = date(2025, 12, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Date: 2021-04-02\n\nThe envoy arrived.", (date(2021, 4, 2), "date line")),
        ("Date: 9 May 2016\nThe envoy arrived.", (date(2016, 5, 9), "date line")),
        ("LAGOS, Feb. 7, 2019 (Reuters) - The army said.", (date(2019, 2, 7), "dateline")),
        # a month and day: the year of the text's own dates
        ("DAKAR, June 2 (AP) — The talks that began on 30 May 2022 ended.", (date(2022, 6, 2), "dateline")),
        ("The truce of 4 August 2017 broke down in January 2018.", (date(2018, 1, 31), "text")),
        ("Fighting flared on March 9, 2020, after talks in Oslo.", (date(2020, 3, 9), "text")),
        # a year alone says when something happened, not when the text was written
        ("Since the 2011 revolt the militias have ruled. In 2019 one of them marched south.", (None, "none")),
        ("DAKAR, June 2 (AP) — The junta spoke.", (None, "none")),
    ],
)
def test_guess_date(text, expected):
    assert guess_date(text, today=TODAY) == expected


def test_a_date_ahead_is_a_deadline_and_the_text_is_from_today_at_latest():
    assert guess_date("The mission ends in March 2026.", today=TODAY) == (TODAY, "text")


def test_may_and_march_in_lower_case_are_verbs():
    assert explicit_dates("Troops may 2020 ...") == []
    assert explicit_dates("Troops marched in May 2020.") == [date(2020, 5, 31)]


@pytest.mark.parametrize(
    "text, place, when, agency",
    [
        ("OSLO (Reuters) - Norway said", "OSLO", "", "Reuters"),
        ("ABUJA, Nigeria, Jan 5 (AFP) -- The army", "ABUJA", "Jan 5", "AFP"),
        ("LA PAZ, Bolivia—The president", "LA PAZ", "", ""),
        ("Title Line Here\n\nHanoi, Vietnam (AP) — The ministry", "Hanoi", "", "AP"),
        ("(Reuters) - The ministry said", "", "", "Reuters"),
    ],
)
def test_datelines(text, place, when, agency):
    (line,) = datelines(text)
    assert (line.place, line.when, line.agency) == (place, when, agency)
    assert text[line.end :][:1].isupper()


@pytest.mark.parametrize(
    "text",
    [
        "The UN - and its agencies - met.",
        "A - B talks began.",
        "Oslo said on Monday that it would help.",
        "He said: NATO must act.",
        "ISIS-K said on Monday that it struck.",
        "UNHCR-run camps were shelled.",
    ],
)
def test_no_dateline_in_prose(text):
    assert datelines(text) == []


def test_a_header_block_with_an_outlet_line_gives_the_date_and_leaves_the_body(tmp_path):
    from multipolar.read import read_document

    path = tmp_path / "clip.txt"
    path.write_text("Date: 2019-04-05\nOutlet: The Daily Example\n\nThe envoy arrived in Tripoli.\n")
    document = read_document(path)
    assert document.date == date(2019, 4, 5) and document.text.startswith("The envoy arrived")
