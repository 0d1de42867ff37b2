"""The benchmark runs end to end on a tiny corpus (speed itself is not tested)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "benchmarks" / "bench_extract.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_documents_differ_and_swap_names(bench):
    pool = [
        "Turkey sent drones to Libya last year.",
        "Egypt condemned the deal with Turkey.",
        "Greece expelled the ambassador on Friday.",
    ]
    docs = list(bench.synthetic_corpus(pool, ["Egypt", "Greece", "Turkey"], 30, seed=1))
    assert len(docs) == 30 and len({d.text for d in docs}) > 10
    assert all(d.text.count(".") >= 3 for d in docs)  # three sentences each (the pool is small)


def test_tiny_run_reports_every_figure(bench, capsys):
    result = bench.run_benchmark(docs=12, workers=1)
    assert result["parse"]["docs"] == result["full"]["docs"] == 12
    assert result["parse"]["sentences"] > 12 and result["full"]["sentences"] > 12
    assert result["cost_ratio"] > 0 and result["full"]["rss_100"] > 0
    text = bench.table(result)
    assert "cost ratio (b)/(a)" in text and "RSS 100%" in text


def test_bad_arguments_exit_cleanly(bench):
    with pytest.raises(SystemExit) as exc:
        bench.main(["--docs", "0"])
    assert exc.value.code == 2


def test_the_synthetic_store_benchmark_compares_equal_graphs(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_store", BENCH.parent / "bench_store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    held = module.synthetic_store(tmp_path / "store", 2_000, 40)
    assert held == {"documents": 200, "events": 2_000}
    from datetime import date

    comparison = module.python_against_sql(tmp_path / "store", date(2020, 1, 1))
    assert comparison["same_graph"] and comparison["events"] > 500


@pytest.mark.slow
def test_the_ingest_benchmark_runs_every_command_and_compares_the_stores(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_ingest", BENCH.parent / "bench_ingest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run_benchmark(docs=6, rounds=1, folder=tmp_path)
    assert result["same_tables"] and result["rows"]["documents"] == 6
    assert {r["run"] for r in result["runs"]} == set(module.RUNS)
    assert all(r["seconds"] > 0 and r["cpu"] > 0 for r in result["runs"])
    text = module.table(result)
    assert "duckdb-1 / extract" in text and "parquet speed-up 1 -> 2 workers" in text
