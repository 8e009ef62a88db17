"""Memoising on the identity of the arguments: for work that ``check`` and ``build`` both
do on the same spec object within one run (the clause plan, the defined terms), done once.

The arguments are kept with the result, so an id is never taken for a new object's after
the old one is gone; a handful of entries are kept (one run meets one spec at a time).
Results are shared: callers must not change them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

R = TypeVar("R")


def by_identity(size: int = 8) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Remember the last ``size`` results of a function of positional arguments, by the
    identity of those arguments."""

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        kept: OrderedDict[tuple[int, ...], tuple[tuple[Any, ...], R]] = OrderedDict()
        lock = threading.Lock()

        @wraps(fn)
        def memoised(*args: Any) -> R:
            key = tuple(id(a) for a in args)
            with lock:
                hit = kept.get(key)
                if hit is not None and all(a is b for a, b in zip(hit[0], args, strict=True)):
                    kept.move_to_end(key)
                    return hit[1]
            result = fn(*args)
            with lock:
                kept[key] = (args, result)
                while len(kept) > size:
                    kept.popitem(last=False)
            return result

        return memoised

    return decorate
