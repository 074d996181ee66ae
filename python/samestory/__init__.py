"""samestory from Python: the same story across outlets and languages.

    >>> import samestory
    >>> with samestory.Engine("news.db") as eng:            # doctest: +SKIP
    ...     eng.add([{"id": "a1", "title": "...", "text": "..."}])

The binding drives the C library (libsamestory) through cffi; results are
dicts with the same fields as the command line's JSON.  See docs/PYTHON.md.
"""
from ._clean import clean
from ._dedup import Deduper, dedup
from ._reuse import reuse
from ._translations import translations
from ._engine import Engine, NotFound, SamestoryError, stories
from ._lib import ffi as _ffi
from ._lib import lib as _lib

__all__ = ["clean", "dedup", "Deduper", "reuse", "translations", "stories", "Engine", "SamestoryError", "NotFound", "version"]


def version() -> str:
    """The library's version ("0.4.0")."""
    return _ffi.string(_lib.ss_version()).decode()
