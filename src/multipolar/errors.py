"""The one exception family for problems with the user's input or files.

The CLI reports any of these in one line with a non-zero exit, never as a traceback.
"""


class MultipolarError(Exception):
    """Bad input, an unreadable file, a broken store: something the user can fix."""
