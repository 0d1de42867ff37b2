"""``multipolar serve``: the report's views as a web app over a store that keeps growing.

:func:`create_app` (in :mod:`multipolar.serve.app`) builds the ASGI app; :func:`serve` runs it
with uvicorn. The app reads consistent snapshots of the store (:mod:`.live`) so it never keeps a
writer out, answers JSON endpoints in SQL (:mod:`.queries`), computes views once per snapshot
(:mod:`.views`), and is safe by default (:mod:`.security`). See docs/serve.md.
"""

from __future__ import annotations

from pathlib import Path

from multipolar.serve.app import EVIDENCE_KINDS, Limits, create_app
from multipolar.serve.security import UnsafeBind, check_bind, loopback

__all__ = ["EVIDENCE_KINDS", "Limits", "UnsafeBind", "check_bind", "create_app", "loopback", "serve"]


def serve(
    path: Path,
    *,
    parquet: bool,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    title: str | None = None,
    limits: Limits | None = None,
    refresh: float = 1.0,
) -> None:
    """Serve the app for the store at *path* until interrupted (uvicorn, one process)."""
    import uvicorn

    check_bind(host, token)
    app = create_app(
        path, parquet=parquet, host=host, port=port, token=token, title=title, limits=limits, refresh=refresh
    )
    config = uvicorn.Config(
        app,
        host=host.strip("[]"),
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        date_header=False,
    )
    uvicorn.Server(config).run()
