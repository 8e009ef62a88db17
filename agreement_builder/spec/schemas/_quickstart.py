"""Import marshmallow without compiling the e-mail regexes we never use (about 50 ms).

``marshmallow.validate`` compiles ``Email.DOMAIN_REGEX`` when it is imported: a character range
of every non-ASCII letter (``¡-\uffff``) under IGNORECASE, which Python's regex compiler
(written in Python) case-folds one character at a time: about 50 ms, a fifth of ``agreement
validate``'s whole run. Our schemas never validate e-mail addresses. While marshmallow is first
imported, ``re.compile`` called from the body of ``marshmallow.validate`` gets a stand-in that
compiles on first use, so an e-mail validator still works. Nothing else is touched: other
callers, later calls and an already imported marshmallow go straight to ``re.compile``.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

_lock = threading.Lock()


class _LazyPattern:
    """A compiled pattern, compiled the first time any attribute is used."""

    def __init__(self, compile_: Any, pattern: Any, flags: int) -> None:
        self._compile = compile_
        self._args = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # abc probes __isabstractmethod__ on class attributes
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = self._compile(*self._args)
        return getattr(self._compiled, name)


def import_marshmallow() -> None:
    if "marshmallow.validate" in sys.modules:
        return
    with _lock:
        original = re.compile

        def compile_(pattern: Any, flags: int = 0) -> Any:
            caller = sys._getframe(1).f_globals.get("__name__")
            if caller == "marshmallow.validate":
                return _LazyPattern(original, pattern, flags)
            return original(pattern, flags)

        re.compile = compile_
        try:
            import marshmallow  # noqa: F401
        finally:
            re.compile = original
