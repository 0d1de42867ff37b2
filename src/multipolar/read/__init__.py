"""Read: files, folders, globs and tables of articles in, :class:`~multipolar.document.Document` s out."""

from multipolar.read.readers import MAX_BYTES, READERS, ReadError, read_document, read_text
from multipolar.read.rows import TABLE_SUFFIXES, Columns, read_rows
from multipolar.read.sources import count_documents, iter_paths, missing, read_paths

__all__ = [
    "MAX_BYTES",
    "READERS",
    "TABLE_SUFFIXES",
    "Columns",
    "ReadError",
    "count_documents",
    "iter_paths",
    "missing",
    "read_document",
    "read_paths",
    "read_rows",
    "read_text",
]
