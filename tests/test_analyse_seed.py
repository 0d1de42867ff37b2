"""The analysis of the seed article (read from ../shared, never copied): who is with whom, and who brokers.

A reader of the article puts Russia, the UAE, Egypt, France and Haftar's forces on one side and Turkey
and the GNA on the other, with Russia as a power broker. Nothing in the analysis names these actors:
the blocs and the ranking come from the general rules in docs/analysis.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.analyse import analyse
from multipolar.read import read_document

pytestmark = pytest.mark.seed

HAFTAR_SIDE = {"RUS", "ARE", "EGY", "FRA", "LBY-LAAF"}
GNA_SIDE = {"TUR", "LBY-GNA"}


@pytest.fixture(scope="module")
def analysis(seed_path: Path, pipeline):
    document = pipeline.process(read_document(seed_path))
    return analyse(document.events)


def test_seed_blocs_split_haftar_backers_from_turkey_and_the_gna(analysis) -> None:
    blocs = analysis.blocs
    missing = sorted(a for a in HAFTAR_SIDE | GNA_SIDE if blocs.bloc_of(a) is None)
    assert not missing, f"no signed tie for {missing}"
    assert len({blocs.bloc_of(a) for a in HAFTAR_SIDE}) == 1, blocs.blocs
    assert len({blocs.bloc_of(a) for a in GNA_SIDE}) == 1, blocs.blocs
    assert blocs.bloc_of("RUS") != blocs.bloc_of("TUR")


def test_seed_russia_is_a_top_broker(analysis) -> None:
    top = [b.actor for b in analysis.brokers[:3]]
    assert "RUS" in top, [(b.actor, round(b.score, 3)) for b in analysis.brokers[:6]]


def test_seed_blocs_are_fairly_clean(analysis) -> None:
    assert analysis.blocs.normalised < 0.25, analysis.blocs.to_dict()
