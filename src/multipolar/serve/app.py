"""The app: the report's views over a live store, and the JSON endpoints they ask (FastAPI).

Every endpoint reads one snapshot (:mod:`multipolar.serve.live`), through SQL in DuckDB with
every value a parameter (:mod:`multipolar.serve.queries`), under a deadline; views are computed
once per snapshot and selection (:mod:`multipolar.serve.views`). The OpenAPI description is at
``/openapi.json``; the endpoints and their limits are documented in docs/serve.md.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response

from multipolar.api.selection import QueryError, one_each, select
from multipolar.errors import MultipolarError
from multipolar.serve import queries, views
from multipolar.serve.live import Live, Reader, Snapshot
from multipolar.serve.page import STATIC, app_page, static
from multipolar.serve.security import Guard, error
from multipolar.show.formats import csv_rows
from multipolar.theatre import load_theatres


@dataclass(frozen=True)
class Limits:
    """What one request may ask: a page, a download, a query's time, a response's size, how long
    a request waits for a view before answering "computing"; and how many queries run at once
    (the others wait in line, up to ``queue_seconds``)."""

    page: int = 500
    download: int = 100_000
    query_seconds: float = 10.0
    view_wait: float = 5.0
    queries: int = max(2, os.cpu_count() or 2)
    queue_seconds: float = 60.0
    response_bytes: int = 64 * 2**20


# Evidence beyond an actor or a pair: kind -> (SQL condition over events e, documents d) with one
# parameter, the id. An incident's reports: the events linked to it (multipolar.store.incidents).
EVIDENCE_KINDS: dict[str, str] = {
    "document": "e.doc = ?",
    "event": "e.id = ?",
    "incident": "e.id IN (SELECT event FROM incident_links WHERE incident = ?)",
}

Since = Annotated[
    str | None, Query(description="Only events on or after YYYY-MM-DD (own date, else the document's).")
]
Until = Annotated[str | None, Query(description="Only events on or before YYYY-MM-DD.")]
Theatre = Annotated[
    list[str] | None,
    Query(description="Theatre id, name or alias ('bilateral': events of none); repeat for several."),
]
Doc = Annotated[list[str] | None, Query(description="Document id or id prefix; repeat for several.")]
Actor = Annotated[str | None, Query(description="Actor id, as source or target (its military units too).")]
With = Annotated[str | None, Query(alias="with", description="With `actor`: only events between the two.")]
Type = Annotated[str | None, Query(description="PLOVER type (AID, ASSAULT ...).")]
Quad = Annotated[str | None, Query(description="Quad class (verbal_cooperation ...).")]
Modality = Annotated[str | None, Query(description="asserted, hedged, negated, reported or future.")]
Words = Annotated[
    str | None,
    Query(max_length=200, description="Words, each somewhere in the sentence, actors, type, date or title."),
]
Period = Annotated[
    str | None,
    Query(pattern=r"^\d{4}(-\d{2})?$", description="A timeline bar: YYYY-MM (month) or YYYY (year)."),
]
Order = Annotated[
    str, Query(pattern="^(oldest|newest)$", description="oldest (store order) or newest first.")
]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Count = Annotated[
    str,
    Query(
        pattern="^(incidents|reports)$",
        description="incidents: each act once, where the store links them; reports: every event.",
    ),
]
Acts = Annotated[
    bool,
    Query(
        description="Each act once: the first matching report of each incident (with how it was reported)."
    ),
]


@dataclass(frozen=True)
class Window:
    """The query parameters that choose the events: dates, theatres and documents."""

    since: str | None = None
    until: str | None = None
    theatre: list[str] | None = None
    doc: list[str] | None = None


def window(since: Since = None, until: Until = None, theatre: Theatre = None, doc: Doc = None) -> Window:
    return Window(since, until, theatre, doc)


@dataclass(frozen=True)
class Filters:
    """The query parameters that narrow the chosen events (the table's filters)."""

    actor: str | None = None
    partner: str | None = None
    type: str | None = None
    quad: str | None = None
    modality: str | None = None
    q: str | None = None
    period: str | None = None


def filters(
    actor: Actor = None,
    partner: With = None,
    type: Type = None,
    quad: Quad = None,
    modality: Modality = None,
    q: Words = None,
    period: Period = None,
) -> Filters:
    return Filters(actor, partner, type, quad, modality, q, period)


Chosen = Annotated[Window, Depends(window)]
Narrowed = Annotated[Filters, Depends(filters)]


def create_app(
    path: Path,
    *,
    parquet: bool,
    host: str,
    port: int,
    token: str | None = None,
    title: str | None = None,
    limits: Limits | None = None,
    refresh: float = 1.0,
) -> FastAPI:
    """The app over the store at *path*; its snapshots refresh every *refresh* seconds."""
    limits = limits or Limits()
    definitions = load_theatres()
    computed = views.Computations(keep=1024)
    name = title or f"multipolar: {Path(path).name}"

    def warm(snapshot: Snapshot) -> None:
        """The first snapshot's default view is computed before the app answers; a later one's
        is started as soon as it is published (its predecessor's answers meanwhile)."""
        snapshot.tables = queries.tables_of(snapshot.store.con)
        if snapshot.generation > 1:
            return
        selection = views.Selection()
        key = ("view", snapshot.generation, selection)
        computed.get(key, lambda: views.view_in_worker(snapshot.location, selection, name), 1e9)

    def published(snapshot: Snapshot) -> None:
        """Forget the replaced snapshots' work; start the default view, then each theatre's."""
        computed.forget_older(snapshot.generation)
        with contextlib.closing(Reader(snapshot)) as reader:
            menu = views.theatres(reader, views.Selection(), definitions)["options"]
        chosen = [views.Selection()] if snapshot.generation > 1 else []
        for option in menu:
            members = select(theatre=option["id"], theatres=definitions).theatres
            chosen.append(views.Selection(theatres=members))
        for selection in chosen:
            with contextlib.suppress(views.Pending):  # started: it goes on in the background
                view_of(snapshot, selection, wait=0)

    pool: list[ProcessPoolExecutor] = []

    def workers() -> ProcessPoolExecutor:
        if not pool:  # spawned, not forked: the server has threads
            pool.append(ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")))
        return pool[0]

    live = Live(Path(path), parquet=parquet, interval=refresh, warm=warm, prepare=queries.sort_events)
    app = FastAPI(
        title="multipolar serve",
        version="1",
        docs_url=None,
        redoc_url=None,
        description="The coded events of a multipolar store, their network and evidence. "
        "Read-only; see docs/serve.md.",
    )
    app.middleware("http")(Guard(host, port, token))
    app.state.live, app.state.computations, app.state.limits = live, computed, limits

    @app.on_event("startup")
    def _start() -> None:
        live.published = published
        published(live.current)
        live.start()

    @app.on_event("shutdown")
    def _stop() -> None:
        live.close()
        computed.close()
        for executor in pool:  # a view under way is not waited for: its process is ended
            processes = list((getattr(executor, "_processes", None) or {}).values())
            executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()

    @app.exception_handler(RequestValidationError)
    def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        return error(422, f"{where}: {first.get('msg', 'invalid')}")

    def actors(reader: Reader) -> dict[str, Any]:
        key = ("actors", reader.snapshot.generation)
        return computed.cached(key, lambda: views.actors_of(reader))

    def selection_of(reader: Reader, chosen_by: Window, count: str = "incidents") -> views.Selection:
        chosen = select(
            since=chosen_by.since,
            until=chosen_by.until,
            theatre=chosen_by.theatre or None,
            docs=chosen_by.doc or None,
            theatres=definitions,
        )
        docs = None
        if chosen.docs:
            sql = "SELECT id FROM documents WHERE starts_with(id, ?) ORDER BY id LIMIT 2"
            docs = tuple(
                one_each(chosen.docs, lambda p: [r[0] for r in reader.con.execute(sql, [p]).fetchall()])
            )
        return views.Selection(chosen.since, chosen.until, docs, chosen.theatres, count)

    def answer(data: Any, status: int = 200) -> Response:
        body = data if isinstance(data, bytes) else encode(data)
        if len(body) > limits.response_bytes:
            return error(
                413,
                f"the answer would be {len(body) / 2**20:.0f} MiB (limit "
                f"{limits.response_bytes / 2**20:.0f} MiB): narrow the window or the filters",
            )
        return Response(body, status_code=status, media_type="application/json")

    slots = threading.BoundedSemaphore(limits.queries)

    def guarded(work: Callable[[Reader], Any], scans: bool = True) -> Response:
        """Run *work* on a reader of the current snapshot, under the query deadline; errors become
        one-line JSON answers. Work that *scans* the events waits for one of ``limits.queries``
        slots first (queries beyond those would only share the cores and all run late); the
        deadline counts from there."""
        try:
            if scans and not slots.acquire(timeout=limits.queue_seconds):
                return error(
                    503, f"the server is busy (more than {limits.queue_seconds:g} s in line); try again"
                )
            try:
                with live.reader() as reader, queries.deadline(reader.con, limits.query_seconds):
                    result = work(reader)
            finally:
                if scans:
                    slots.release()
            return result if isinstance(result, Response) else answer(result)
        except views.Pending:
            return answer({"status": "computing", "retry_after": 1}, status=202)
        except queries.QueryTimeout as exc:
            return error(504, f"{exc}: narrow the window, the filters or the words")
        except (QueryError, ValueError) as exc:
            return error(400, str(exc).splitlines()[0])
        except MultipolarError as exc:
            return error(503, str(exc).splitlines()[0])

    def event_query(
        reader: Reader, selection: views.Selection, narrowed: Filters, acts: bool = False
    ) -> queries.EventQuery:
        actor, partner, period = narrowed.actor, narrowed.partner, narrowed.period
        if partner and not actor:
            raise QueryError("'with' needs 'actor'")
        words = (narrowed.q or "").split()
        if len(words) > 10:
            raise QueryError("at most 10 words")
        known = actors(reader)
        dated = None
        if period:
            dated = queries.period_dates(reader.con, "month" if len(period) == 7 else "year", period)
        return queries.EventQuery(
            **selection.sql(),
            actor=views.units_of(known, [actor]) if actor else (),
            partner=views.units_of(known, [partner]) if partner else (),
            type=narrowed.type,
            quad=narrowed.quad,
            modality=narrowed.modality,
            words=tuple((w, views.named(known, w)) for w in words),
            period_dates=dated,
            acts=acts,
        )

    # -- the page ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(app_page(name))

    @app.get("/static/{file:path}", include_in_schema=False)
    def static_file(file: str) -> Response:
        if file not in STATIC:
            return error(404, "no such file")
        return Response(static(file), media_type=STATIC[file])

    # -- the endpoints ----------------------------------------------------------------------------

    @app.get("/api/status", summary="The snapshot being served and what it holds")
    def status() -> Response:
        def work(reader: Reader) -> dict[str, Any]:
            snap = reader.snapshot
            counts = computed.cached(("counts", snap.generation), reader.counts)
            return {
                "generation": snap.generation,
                "taken_at": snap.taken_at,
                "store": str(live.path),
                "kind": "parquet" if live.parquet else "duckdb",
                "counts": counts,
                "refresh_error": live.last_error,
                "now": time.time(),
            }

        return guarded(work, scans=False)

    def in_worker(snapshot: Snapshot, function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """A computation of *function* on *snapshot* in the worker process (the snapshot kept open
        meanwhile)."""

        def compute() -> Any:
            with live.reader(snapshot):
                return workers().submit(function, snapshot.location, *args).result()

        return compute

    def view_of(snapshot: Snapshot, selection: views.Selection, wait: float) -> dict[str, Any]:
        """The view of *selection* on *snapshot* (or, while it is computed, the last one of an
        earlier snapshot: ``generation`` says which, ``stale`` that a newer one is coming)."""
        compute = in_worker(snapshot, views.view_in_worker, selection, name)

        found, generation = computed.latest("view", snapshot.generation, selection, compute, wait)
        return {
            **found,
            "generation": generation,
            "current": snapshot.generation,
            "stale": generation < snapshot.generation,
        }

    @app.get("/api/view", summary="Network, blocs and brokers, plain words, timeline, matrix and counts")
    def view(chosen_by: Chosen, count: Count = "incidents") -> Response:
        def work(reader: Reader) -> Any:
            selection = selection_of(reader, chosen_by, count)
            found = view_of(reader.snapshot, selection, limits.view_wait)
            key = ("body", found["generation"], selection, found["current"])
            return computed.cached(key, lambda: encode(found))  # a view is encoded once

        return guarded(work, scans=False)

    @app.get("/api/theatres", summary="The theatres of the window, with their events")
    def theatres(
        since: Since = None, until: Until = None, doc: Doc = None, count: Count = "incidents"
    ) -> Response:
        def work(reader: Reader) -> Any:
            selection = selection_of(reader, Window(since, until, None, doc), count)
            key = ("theatres", reader.snapshot.generation, selection)
            return computed.cached(key, lambda: views.theatres(reader, selection, definitions))

        return guarded(work)

    @app.get("/api/rivalries", summary="Pairs opposed in one theatre and cooperating in another")
    def rivalries(chosen_by: Chosen, count: Count = "incidents") -> Response:
        def work(reader: Reader) -> Any:
            selection = selection_of(reader, chosen_by, count)
            snap = reader.snapshot
            compute = in_worker(snap, views.rivalries_in_worker, selection)

            found, generation = computed.latest(
                "rivalries", snap.generation, selection, compute, limits.view_wait
            )
            return {**found, "generation": generation}

        return guarded(work, scans=False)

    @app.get("/api/events", summary="A page of events with their evidence sentences")
    def events(
        chosen_by: Chosen,
        narrowed: Narrowed,
        order: Order = "oldest",
        offset: Offset = 0,
        limit: Annotated[int, Query(ge=1)] = 50,
        acts: Acts = False,
    ) -> Response:
        if limit > limits.page:
            return error(413, f"limit {limit}: at most {limits.page} events a page (use offset to page)")

        def work(reader: Reader) -> dict[str, Any]:
            selection = selection_of(reader, chosen_by)
            query = event_query(reader, selection, narrowed, acts)
            everything = queries.EventQuery(**selection.sql())
            key = ("count", reader.snapshot.generation, selection)
            every = computed.cached(key, lambda: queries.count(reader.con, everything, reader.tables))
            known = None if query.narrowed else every
            key = (
                "page",
                reader.snapshot.generation,
                query,
                offset,
                limit,
                order,
            )  # a snapshot never changes
            rows, total = computed.cached(
                key, lambda: queries.page(reader.con, query, offset, limit, order, reader.tables, known)
            )
            generation = reader.snapshot.generation
            return {
                "total": total,
                "all": every,
                "offset": offset,
                "limit": limit,
                "generation": generation,
                "rows": rows,
            }

        return guarded(work)

    @app.get("/api/evidence/{kind}/{id}", summary="The events of a document, an event (or a registered kind)")
    def evidence(kind: str, id: str, offset: Offset = 0, limit: Annotated[int, Query(ge=1)] = 60) -> Response:
        if kind not in EVIDENCE_KINDS:
            return error(404, f"no evidence kind {kind!r} (known: {', '.join(sorted(EVIDENCE_KINDS))})")
        if limit > limits.page:
            return error(413, f"limit {limit}: at most {limits.page} a page")

        def work(reader: Reader) -> Any:
            if kind == "incident" and reader.tables.incident is None:
                return error(404, "this store links no incidents yet (multipolar ingest links them)")
            query = queries.with_extra(queries.EventQuery(), EVIDENCE_KINDS[kind], [id])
            rows, total = queries.page(reader.con, query, offset, limit, "oldest", reader.tables)
            return {"total": total, "offset": offset, "limit": limit, "rows": rows}

        return guarded(work)

    @app.get("/api/options", summary="The values of the table's drop-downs for the selection")
    def options(chosen_by: Chosen) -> Response:
        def work(reader: Reader) -> Any:
            selection = selection_of(reader, chosen_by)
            key = ("options", reader.snapshot.generation, selection)
            query = queries.EventQuery(**selection.sql())
            return computed.cached(key, lambda: queries.options(reader.con, query, actors(reader)["names"]))

        return guarded(work)

    def download_of(fmt: str) -> Callable[..., Response]:
        """The endpoint that downloads the chosen events as *fmt* (csv or json)."""

        def endpoint(chosen_by: Chosen, narrowed: Narrowed) -> Response:
            return guarded(lambda reader: download(reader, fmt, chosen_by, narrowed))

        endpoint.__name__ = f"events_{fmt}"  # its OpenAPI operation id, as before
        return endpoint

    for fmt, label in (("csv", "CSV"), ("json", "JSON")):
        summary = f"Download the events (every field) as {label}"
        app.get(f"/api/events.{fmt}", summary=summary)(download_of(fmt))

    def download(reader: Reader, fmt: str, chosen_by: Window, narrowed: Filters) -> Response:
        query = event_query(reader, selection_of(reader, chosen_by), narrowed)
        total = queries.count(reader.con, query)
        if total > limits.download:
            return error(
                413,
                f"{total:,} events match; a download holds at most {limits.download:,}: "
                "narrow the window or the filters",
            )
        columns, rows = queries.download(reader.con, query, limits.download)
        headers = {"Content-Disposition": f'attachment; filename="multipolar-events.{fmt}"'}
        if fmt == "json":
            return Response(
                "\n".join(_json_lines(columns, rows)), media_type="application/json", headers=headers
            )
        return Response(_csv(columns, rows), media_type="text/csv; charset=utf-8", headers=headers)

    @app.get(
        "/api/network.json", summary="Download the network of the selection (nodes, ties, blocs, brokers)"
    )
    def network_json(chosen_by: Chosen, count: Count = "incidents") -> Response:
        response = view(chosen_by, count)
        if response.status_code != 200:
            return response
        found = json.loads(response.body)
        keys = ("nodes", "edges", "blocs", "brokers", "frustration", "total_weight")
        network = {k: found["network"].get(k) for k in keys}
        return Response(
            json.dumps(network, ensure_ascii=False),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="multipolar-network.json"'},
        )

    return app


def encode(data: Any) -> bytes:
    """An answer's JSON (compact; dates and other values as text)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def _json_lines(columns: list[str], rows: list[tuple]) -> Iterator[str]:
    """A JSON array, one event per line."""
    yield "["
    for i, row in enumerate(rows):
        text = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str)
        yield text + ("," if i < len(rows) - 1 else "")
    yield "]"


def _csv(columns: list[str], rows: list[tuple]) -> str:
    """CSV with every cell made safe for a spreadsheet (see multipolar.show.formats.csv_cell)."""
    return csv_rows([columns, *rows])
