"""A disk cache for what every start would otherwise rebuild: the registry and the resolver's names.

The registry is read from a few thousand TSV rows and the resolver's name table holds tens of thousands
of spellings, each tokenised once; both depend only on the data files, the code that reads them and the
spaCy model. :func:`cached` stores such a value under a key made of all of these (a hash of the files'
bytes, the modules' source, the versions) in ``$MULTIPOLAR_CACHE`` (default: ``$XDG_CACHE_HOME/multipolar``
or ``~/.cache/multipolar``). Any change gives a new key, so a stale value is never read. A cache that
cannot be read or written is ignored: the value is then built as without one.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")
ENV_VAR = "MULTIPOLAR_CACHE"
KEEP = 8  # cache files of one kind kept; older ones are removed


def cache_dir() -> Path | None:
    """Where cached values live; ``None`` when caching is off (``MULTIPOLAR_CACHE=off``)."""
    value = os.environ.get(ENV_VAR, "")
    if value.lower() in ("off", "0", "no", "false"):
        return None
    if value:
        return Path(value)
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home directory to be found: no cache
        return None
    return Path(base) / "multipolar"


def fingerprint(files: Iterable[Path], *parts: str) -> str:
    """A hash of the files' bytes (missing files count as empty) and the extra *parts*."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.name).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    for part in parts:
        digest.update(part.encode())
    return digest.hexdigest()[:24]


def source_of(*modules: str) -> str:
    """The source text of the named files next to this one (so that a code change is a new key)."""
    here = Path(__file__).parent
    return "".join((here / m).read_text(encoding="utf-8") for m in modules)


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The value stored for (*kind*, *key*), or ``build()`` stored there for next time."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as f:
            return _load(f)
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: rebuild it
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{kind}-", delete=False) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
        _prune(folder, kind)
    except OSError:
        pass
    return value


def _load(file: BinaryIO) -> object:
    """Unpickle *file* with the garbage collector paused: the tens of thousands of objects it makes would
    otherwise set off full collections that walk every object already in memory (a loaded spaCy model),
    which made a warm start several times slower than the unpickling itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(file)
    finally:
        if was_enabled:
            gc.enable()


def _prune(folder: Path, kind: str) -> None:
    files = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
