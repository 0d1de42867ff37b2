from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_24b45da38df45773.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("the seed article (../shared/seeds) is not available")
    return SEED


@pytest.fixture(scope="session")
def pipeline():
    from multipolar.pipeline import Pipeline

    return Pipeline.default()
