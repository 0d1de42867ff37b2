"""Read: files and folders in, :class:`~multipolar.document.Document` s out."""

from multipolar.read.readers import (
    MAX_BYTES,
    READERS,
    ReadError,
    iter_paths,
    read_document,
    read_paths,
    read_text,
)

__all__ = ["MAX_BYTES", "READERS", "ReadError", "iter_paths", "read_document", "read_paths", "read_text"]
