"""The one Jinja environment: sandboxed, strict, and spec values treated as data.

Clause bodies are templates we (or a user's reviewed library) wrote; spec values are only
ever *inserted* by ``finalize``, never parsed as templates. ``finalize`` also strips the
private-use characters this module uses to mark cross-references, gaps and table rows, so a
value cannot forge structure. Rendered text is a light markup that ``parse_blocks`` turns into
``Block`` objects: blank lines end paragraphs, ``- `` starts a list item (``  - `` a sub-item),
and each ``row(a, b, ...)`` call makes a table row (consecutive rows form one table,
the first is the header).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import ChainableUndefined, StrictUndefined, TemplateSyntaxError, Undefined, nodes
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..core.english import MONTH_NAMES, number_words
from ..core.errors import LibraryError
from ..core.values import NA, Duration, Money
from .codecache import CodeCache, default_root
from .model import Block, Span

OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
ROW, CELL = "\ue003", "\ue004"
_PRIVATE = re.compile("[\ue000-\ue0ff]")
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
_MONTHS = MONTH_NAMES
_LOCALE: ContextVar[str] = ContextVar("locale", default="en-US")
_NAMES: ContextVar[frozenset[str]] = ContextVar("names", default=frozenset())  # parties' names


class Safe(str):
    """Markup produced by our own helpers; passes ``finalize`` unchanged."""


@dataclass(frozen=True)
class GapValue:
    """Stands in for a variable the spec has not decided; renders as a visible marker."""

    path: str
    message: str

    def __bool__(self) -> bool:
        return True  # so templates show the marker instead of silently skipping it


def sanitize(value: Any) -> str:
    """User text as one line of plain data: no markup characters, no line structure."""
    return _SPACE.sub(" ", _PRIVATE.sub("", str(value))).strip()


def token(kind: str, *parts: str) -> Safe:
    return Safe(OPEN + SEP.join((kind, *(sanitize(p) for p in parts))) + CLOSE)


def gap_token(path: str, message: str) -> Safe:
    return token("G", path, message)


def format_date(value: date) -> str:
    month = _MONTHS[value.month - 1]
    if _LOCALE.get() == "en-US":
        return f"{month} {value.day}, {value.year}"
    return f"{value.day} {month} {value.year}"


def format_money(value: Money) -> str:
    return str(value)


def format_number(value: float | int | Decimal) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return f"{value:g}"


def format_percent(value: float) -> str:
    return f"{format_number(value)}%"


def _finalize(value: Any) -> Any:
    if isinstance(value, Safe):
        return value
    if isinstance(value, GapValue):
        return gap_token(value.path, value.message)
    if value is None or value is NA or isinstance(value, Undefined):
        raise LibraryError(
            "a template printed an undecided value; declare it as a variable so it becomes a gap"
        )
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Duration):
        return value.words()
    if isinstance(value, Money):
        return format_money(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return sanitize(value)


def _and_list(items: Iterable[Any], conjunction: str = "and") -> Safe:
    parts = [_finalize(i) for i in items]
    if len(parts) <= 1:
        return Safe("".join(parts))
    return Safe(f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}")


def _words(value: Any) -> Any:
    if isinstance(value, Duration):
        return Safe(value.words())
    if isinstance(value, int) and not isinstance(value, bool):
        return Safe(f"{number_words(value)} ({value})")
    return value


def _days_in_words(value: Any) -> Any:
    """``30`` -> ``thirty (30) days``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Safe(f"{number_words(value)} ({value}) day{'' if value == 1 else 's'}")
    return value


def _row(*cells: Any) -> Safe:
    """One table row; consecutive rows form a table whose first row is the header."""
    return Safe(ROW + CELL.join(_finalize(c) for c in cells))


def _is_gap(value: Any) -> bool:
    return isinstance(value, GapValue)


MAX_CLAUSE_CHARS = 2_000_000  # ten times a 160-page agreement's largest clause; stops runaways


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, plus bounds on the two operators that build huge values in one step."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError(f"exponent {right} is too large in a clause template")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                too_long = isinstance(seq, str | list | tuple) and isinstance(n, int)
                if too_long and len(seq) * n > MAX_CLAUSE_CHARS:
                    raise SecurityError("a clause template builds a value that is too long")
        return super().call_binop(context, operator, left, right)


def _lower_first(value: Any) -> Any:
    """ "The joint pipeline" -> "the joint pipeline" inside a sentence, but leave names alone:
    "Corrib's platform", "BrightPath Consulting", "NORTHWIND" keep their capitals."""
    text = value if isinstance(value, Safe) else sanitize(value)
    words = text.split(" ", 2)
    first = words[0]
    names = _NAMES.get()
    proper = (
        first.endswith(("'s", "’s"))
        or any(" ".join(text.split(" ", k)[:k]) in names for k in range(1, 7))  # "Shiftwell ..."
        or first[1:] != first[1:].lower()  # BrightPath, NORTHWIND, iOS-style names
        or (len(words) > 1 and words[1][:1].isupper() and first not in ("The", "A", "An"))
    )
    if proper:
        return text
    lowered = text[:1].lower() + text[1:]
    return Safe(lowered) if isinstance(value, Safe) else lowered


def _build_env(undefined: type[Undefined]) -> ImmutableSandboxedEnvironment:
    env = _BoundedSandbox(
        undefined=undefined,
        autoescape=False,  # output is our markup, not HTML; renderers escape for their format
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        words=_words,
        days=_days_in_words,
        money=lambda v: Safe(format_money(v)) if isinstance(v, Money) else v,
        date=lambda v: Safe(format_date(v)) if isinstance(v, date) else v,
        percent=lambda v: Safe(format_percent(v)) if isinstance(v, int | float) else v,
        num=lambda v: (
            Safe(format_number(v))
            if isinstance(v, int | float | Decimal) and not isinstance(v, bool)
            else v
        ),
        and_list=_and_list,
        or_list=lambda items: _and_list(items, "or"),
        lower_first=_lower_first,
    )
    env.tests["gap"] = _is_gap
    env.tests["na"] = lambda v: v is NA  # `not_applicable` in the spec
    env.tests["undecided"] = lambda v: v is None
    env.tests["decided"] = lambda v: v is not None and v is not NA
    env.globals.update(row=_row, and_list=_and_list, words=_words)
    return env


ENV = _build_env(StrictUndefined)
CONDITIONS = _build_env(ChainableUndefined)  # `when` expressions: a missing branch is just false


def check_template(
    body: str, when: str | None, whens: Iterable[str | None], texts: Iterable[str]
) -> None:
    """Parse a clause's templates and expressions; raise LibraryError on the first syntax error."""
    try:
        ENV.parse(body)
        for text in texts:
            ENV.parse(text)
        for expr in (when, *whens):
            if expr:
                compiled_expression(expr)
    except TemplateSyntaxError as exc:
        raise LibraryError(f"template syntax error on line {exc.lineno}: {exc.message}") from None


@cache
def _code_cache() -> CodeCache:
    """The on-disk cache of compiled code, salted with this module (the environments'
    settings and filters shape the code Jinja generates) and Jinja's version."""
    try:
        salt = Path(__file__).read_bytes() + jinja2.__version__.encode()
    except OSError:  # no source to salt with (a frozen build): no cache
        return CodeCache(None, b"")
    return CodeCache(default_root(), salt)


def parse_expression(source: str) -> nodes.Expr:
    """``source`` parsed as ``CONDITIONS.compile_expression`` parses it: one expression, or
    TemplateSyntaxError (also from lexing its first token, done when the parser is made)."""
    parser = Parser(CONDITIONS, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError(
            "chunk after expression", parser.stream.current.lineno, None, None
        )
    return expr


def _expression_code(source: str) -> CodeType:
    """What ``CONDITIONS.compile_expression`` compiles (same parse, same errors)."""
    try:
        expr = parse_expression(source)
        expr.set_environment(CONDITIONS)
    except TemplateSyntaxError:
        CONDITIONS.handle_exception(source=source)
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    code: CodeType = CONDITIONS.compile(nodes.Template(body, lineno=1))
    return code


@lru_cache(maxsize=4096)
def compiled_expression(expression: str) -> Callable[..., Any]:
    """``CONDITIONS.compile_expression(expression)``, compiled once per process and, across
    processes, kept in the code cache; raises TemplateSyntaxError as Jinja does."""
    code = _code_cache().code("expression", expression, lambda: _expression_code(expression))
    template = CONDITIONS.template_class.from_code(
        CONDITIONS, code, CONDITIONS.make_globals(None), None
    )
    return TemplateExpression(template, undefined_to_none=True)


@lru_cache(maxsize=1024)
def _compiled_template(source: str) -> Any:
    """Compiling a clause template costs far more than rendering it: once per process, and
    kept in the code cache for the next."""

    def compile_() -> CodeType:
        code: CodeType = ENV.compile(source)
        return code

    code = _code_cache().code("template", source, compile_)
    return ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None)


def evaluate(expression: str, context: Mapping[str, Any]) -> bool:
    value = compiled_expression(expression)(**context)
    return bool(value) and value is not NA


def render_template(
    source: str, context: Mapping[str, Any], locale: str, names: Iterable[str] = ()
) -> str:
    """``source`` rendered with ``context``; ``names`` (the parties' names) keep their capitals
    when ``lower_first`` starts a sentence with one."""
    reset = _LOCALE.set(locale)
    reset_names = _NAMES.set(frozenset(names))
    try:
        # measured while it renders, not after: a loop that runs away stops at the limit
        # instead of filling memory first
        parts: list[str] = []
        size = 0
        for chunk in _compiled_template(source).generate(**context):
            size += len(chunk)
            if size > MAX_CLAUSE_CHARS:
                raise LibraryError(
                    f"a clause rendered to more than {MAX_CLAUSE_CHARS:,} characters: the "
                    "template runs away"
                )
            parts.append(chunk)
        return "".join(parts)
    finally:
        _LOCALE.reset(reset)
        _NAMES.reset(reset_names)


# ---------------------------------------------------------------- markup -> blocks


def parse_spans(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        _add_text(spans, text[pos : match.start()])
        parts = match.group(1).split(SEP)
        kind = parts[0]
        if kind == "R":  # anchor, number, full text
            spans.append(Span("ref", parts[3], target=parts[1], number=parts[2]))
        elif kind == "G":  # path, message
            spans.append(Span("gap", f"[MISSING: {parts[2]}]", target=parts[1]))
        elif kind == "D":
            spans.append(Span("defterm", parts[1]))
        else:  # pragma: no cover - only our helpers make tokens
            raise LibraryError(f"unknown markup token {kind!r}")
        pos = match.end()
    _add_text(spans, text[pos:])
    if spans and spans[0].kind == "text":
        spans[0] = Span("text", spans[0].text.lstrip())
    if spans and spans[-1].kind == "text":
        spans[-1] = Span("text", spans[-1].text.rstrip())
    return tuple(s for s in spans if s.text)


def _add_text(spans: list[Span], text: str) -> None:
    text = _SPACE.sub(" ", text)
    if not text:
        return
    if spans and spans[-1].kind == "text":
        spans[-1] = Span("text", spans[-1].text + text)
    else:
        spans.append(Span("text", text))


def parse_blocks(text: str) -> tuple[Block, ...]:
    """Rendered clause text -> paragraphs, list items and tables."""
    blocks: list[Block] = []
    para: list[str] = []
    rows: list[tuple[tuple[Span, ...], ...]] = []

    def flush() -> None:
        if para:
            spans = parse_spans(" ".join(para))
            if spans:
                blocks.append(Block("para", spans))
            para.clear()
        if rows:
            blocks.append(Block("table", rows=tuple(rows)))
            rows.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith(ROW):
            if para:
                flush()
            rows.append(tuple(parse_spans(cell) for cell in line[1:].split(CELL)))
            continue
        if rows:
            flush()
        stripped = line.lstrip()
        if not stripped:
            flush()
        elif stripped.startswith("- "):
            flush()
            level = 2 if len(line) - len(stripped) >= 2 else 1
            blocks.append(Block("item", parse_spans(stripped[2:]), level=level))
        elif blocks and blocks[-1].kind == "item" and not para and raw.startswith("    "):
            last = blocks.pop()  # a wrapped continuation line of a list item
            blocks.append(Block("item", last.spans + parse_spans(" " + stripped), level=last.level))
        else:
            para.append(stripped)
    flush()
    return tuple(blocks)


def spans_text(spans: Iterable[Span]) -> str:
    return "".join(s.text for s in spans)


Helper = Callable[..., Any]
