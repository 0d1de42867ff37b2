from datetime import date

from multipolar.document import Document
from multipolar.engines import process_parallel
from multipolar.pipeline import batched

TEXTS = [
    "Turkey sent armed drones to the Government of National Accord.",
    "Greece condemned Turkey on 6 December 2019.",
    "Russia and Turkey agreed on a ceasefire.",
]


def test_process_is_a_pure_function_of_the_document(pipeline) -> None:
    first = pipeline.process(Document(text=TEXTS[0], date=date(2019, 12, 1)))
    again = pipeline.process(Document(text=TEXTS[0], date=date(2019, 12, 1)))
    assert [e.to_dict() for e in first.events] == [e.to_dict() for e in again.events]
    assert first.mentions == again.mentions and first.events


def test_pipe_matches_process(pipeline) -> None:
    docs = [Document(text=t, date=date(2020, 1, 1)) for t in TEXTS]
    piped = list(pipeline.pipe(docs))
    single = [pipeline.process(Document(text=t, date=date(2020, 1, 1))) for t in TEXTS]
    assert [[e.id for e in d.events] for d in piped] == [[e.id for e in d.events] for d in single]


def test_worker_processes_give_the_same_result_in_order(pipeline) -> None:
    docs = [Document(text=t, date=date(2020, 1, 1)) for t in TEXTS * 2]
    parallel = list(process_parallel(docs, workers=2))
    single = [pipeline.process(Document(text=d.text, date=d.date)) for d in docs]
    assert [d.id for d in parallel] == [d.id for d in docs]
    assert [[e.to_dict() for e in d.events] for d in parallel] == [
        [e.to_dict() for e in d.events] for d in single
    ]


def test_batched() -> None:
    assert [len(b) for b in batched(iter(range(5)), 2)] == [2, 2, 1]
