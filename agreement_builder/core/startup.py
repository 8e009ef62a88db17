"""Start-up tricks, gathered here; each is kept because a measurement showed it pays.

``agreement --help`` and ``agreement validate`` are interactive: their targets are 150 ms
and 250 ms for the whole process (docs/benchmarks.md). Measured on 2026-12-06 (median of 11
runs, ``python -m agreement_builder validate samples/pilot.yaml``: 278 ms with both tricks):

* :func:`value` / :class:`_Value`: frozen dataclasses with one generated method instead of
  six; without it (plain ``@dataclass(frozen=True)`` for the ~50 model classes) validate
  took 318 ms (+40 ms).
* :func:`import_marshmallow`: marshmallow imported without compiling the e-mail regexes we
  never use; without it validate took 327 ms (+49 ms).

Imports deferred into functions elsewhere, each for a measured cost: every stage in
``api`` (the one place the pipeline's stages are imported lazily: linting never pays for
marshmallow and the clause library, checking never for the document detectors, about 0.3 s
of regexes and YAML); ``weasyprint`` in render/pdf.py (745 ms, only for PDFs); the DOCX and
PDF readers in read/__init__.py (python-docx 125 ms, pypdfium2); the drafting detectors in
engine/types.py (so ``check`` and ``build`` do not compile them); ``tomllib`` in
core/configfile.py and ``tempfile`` in core/files.py (about 12 ms of validate); the Jinja
environment in build/library.py (85 ms, not needed to list clauses); process pools and dask
in parallel.py. tests/test_cli.py holds the light commands to it.
"""

from __future__ import annotations

import re
import sys
import threading
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


# ---------------------------------------------------------------- marshmallow without e-mail regexes

# ``marshmallow.validate`` compiles ``Email.DOMAIN_REGEX`` when it is imported: a character
# range of every non-ASCII letter (``¡-\uffff``) under IGNORECASE, which Python's regex
# compiler (written in Python) case-folds one character at a time. Our schemas never
# validate e-mail addresses. While marshmallow is first imported, ``re.compile`` called from
# the body of ``marshmallow.validate`` gets a stand-in that compiles on first use, so an
# e-mail validator still works. Nothing else is touched: other callers, later calls and an
# already imported marshmallow go straight to ``re.compile``.

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
    """Import marshmallow, its e-mail regexes compiled only if ever used."""
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
