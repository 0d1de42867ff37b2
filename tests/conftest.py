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


DEMO = REPO / "src" / "multipolar" / "data" / "demo"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:
    """The bundled demo texts ingested into a DuckDB store (once per test session)."""
    from multipolar.corpus import ingest
    from multipolar.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as store:
        ingest([DEMO], store, pipeline=pipeline)
    return path
