"""Armed groups the registry now knows: Myanmar's ethnic armed organisations, the names armed movements
give themselves, and the forces of a region at war with its centre. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from multipolar.document import Document


@pytest.mark.parametrize(
    "text, on, actor",
    [
        ("The Karenni National Progressive Party seized a junta outpost.", date(2023, 12, 1), "MMR-KNPP"),
        ("The Chinland Defense Force ambushed a convoy near Hakha.", date(2022, 5, 1), "MMR-CDF"),
        ("The New Mon State Party signed the ceasefire.", date(2015, 10, 15), "MMR-NMSP"),
        ("Pyu Saw Htee militias burned the village.", date(2022, 5, 1), "MMR-PYUSAWHTI"),
        ("The Fuerzas Armadas Revolucionarias de Colombia laid down arms.", date(2017, 6, 1), "COL-FARC"),
        ("Jama'at Nusrat al-Islam wal-Muslimin claimed the attack.", date(2022, 5, 1), "MLI-JNIM"),
        ("The Islamic Resistance in Lebanon fired rockets at Metula.", date(2024, 5, 1), "LBN-HEZBOLLAH"),
        ("Tigray Defence Forces retook Mekelle from federal troops.", date(2021, 6, 29), "ETH-TDF"),
        ("The Tigrayan rebels pushed south towards Addis Ababa.", date(2021, 11, 2), "ETH-TPLF"),
    ],
)
def test_armed_groups_resolve(pipeline, text, on, actor):
    mentions = pipeline.process(Document(text=text, date=on)).mentions
    assert actor in {m.actor for m in mentions}
