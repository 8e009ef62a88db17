"""Start-up tricks, each kept because a measurement showed it pays (docs/architecture.md).

* ``value``/``_Value``: frozen dataclasses with one generated method instead of six
  (about 80 ms of every command's start-up for the model's 50-odd classes).
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")


class _Value:
    """What ``@dataclass(frozen=True)`` generates, written once for all the model's classes.

    A frozen dataclass gets six methods generated from source text, each compiled when the
    class is created: for this module's 52 classes that was about 80 ms of every command's
    start-up. Here only ``__init__`` is generated (one compile per class, see :func:`value`);
    ``__repr__``, ``__eq__``, ``__hash__`` and the frozen ``__setattr__``/``__delattr__`` are
    these, and behave the same over ``dataclasses.fields()``: ``repr`` and ``compare`` flags
    honoured, equality only between objects of the same class, hash of the compared fields,
    ``FrozenInstanceError`` on assignment.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({shown})"

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self) if f.compare)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True)
def value(cls: type[_T]) -> type[_T]:
    """``@dataclass(frozen=True)`` for the model's classes, cheaper to create (see _Value):
    the dataclass machinery reads the fields, and one ``__init__`` is compiled for them."""
    undocumented = not cls.__doc__
    if undocumented:  # else dataclass writes one from inspect.signature (slow: it tokenizes)
        cls.__doc__ = " "
    cls = dataclass(init=False, eq=False, repr=False)(cls)
    cls.__init__ = _make_init(cls)  # type: ignore[method-assign]
    if undocumented:
        cls.__doc__ = f"{cls.__name__}({', '.join(f.name for f in fields(cls))})"  # type: ignore[arg-type]
    return cls


def _make_init(cls: type) -> Any:
    """An ``__init__`` as a frozen dataclass has it: parameters in field order with their
    defaults, each value stored with ``object.__setattr__``."""
    env: dict[str, Any] = {"_set": object.__setattr__, "_MISSING": MISSING}
    params: list[str] = []
    body: list[str] = []
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: model values take every field in __init__, as given")
    for f in fields(cls):
        if f.default is not MISSING:
            env[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
            body.append(f"_set(self, {f.name!r}, {f.name})")
        elif f.default_factory is not MISSING:
            env[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(
                f"_set(self, {f.name!r}, _f_{f.name}() if {f.name} is _MISSING else {f.name})"
            )
        else:
            params.append(f.name)
            body.append(f"_set(self, {f.name!r}, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])
    namespace: dict[str, Any] = {}
    exec(source, env, namespace)  # our own field names, as dataclasses itself does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
