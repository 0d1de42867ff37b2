"""The data files under ``multipolar/data`` (and the user's own versions of them), read one way:
a file that cannot be read or parsed is reported with its path and what it should have held."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from multipolar.errors import first_line


def read_yaml(path: Path, error: type[Exception], what: str) -> Any:
    """The YAML document in *path*; *error* (``"PATH: cannot read WHAT (reason)"``) when the file
    cannot be read or is no YAML."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot read {what} ({first_line(exc)})") from None
