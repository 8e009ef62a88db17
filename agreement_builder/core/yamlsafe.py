"""Safe YAML/JSON loading that keeps the line and column of every node.

Specs, rules and clause metadata all come through here. The loader refuses what a data file
must never do: Python object tags, merge keys, duplicate keys (a silently dropped split is lost
data), alias bombs, excessive nesting and oversize files. JSON is loaded by the same path (it
is YAML 1.2 flow syntax), so JSON specs get located errors too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem
from .files import NotRegular, TooLarge, read_limited

try:  # the C loader is several times faster; the pure-Python one is the fallback
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 2_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.SafeLoader("")


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class LoadedYaml:
    """Plain Python data plus the location of every node, keyed by its path tuple."""

    file: str
    data: Any
    locations: dict[tuple[str | int, ...], Mark] = field(default_factory=dict)
    key_locations: dict[tuple[str | int, ...], Mark] = field(default_factory=dict)

    def locate(self, path: tuple[str | int, ...], key: bool = False) -> Mark:
        """The node at ``path``, or its nearest existing ancestor (for missing keys)."""
        table = self.key_locations if key else self.locations
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.locations:
                return self.locations[path]
        return Mark(1, 1)


def read_text_file(path: str | Path, max_bytes: int = MAX_BYTES, what: str = "file") -> str:
    """Read a UTF-8 text file, turning every way it can fail into one clear InputError."""
    name = str(path)
    p = Path(path)
    try:
        if not p.exists():
            raise InputError(name, f"no such {what}", "check the path and try again")
        if p.is_dir():
            raise InputError(name, f"is a directory, not a {what}", "pass the file inside it")
        raw = read_limited(p, max_bytes)
    except TooLarge as exc:
        raise InputError(
            name,
            f"file is {f'{exc.size:,} bytes, ' if exc.known else ''}"
            f"over the {max_bytes:,}-byte limit for a {what}",
            "a spec is small text; check that this is the right file",
        ) from None
    except NotRegular as exc:
        raise InputError(
            name, f"is {exc.kind}, not a {what}; refused without reading it", "pass a file"
        ) from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            name, f"looks like a binary file, not a {what}", "pass a YAML or JSON text file"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            name,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} on line {line})",
            "save the file as UTF-8",
        ) from None


def load_yaml(
    path: str | Path,
    max_bytes: int = MAX_BYTES,
    what: str = "YAML file",
    *,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> LoadedYaml:
    """Load one YAML or JSON document from a file, with locations."""
    text = read_text_file(path, max_bytes, what)
    return parse_yaml(text, str(path), what, max_depth=max_depth, max_nodes=max_nodes)


def parse_yaml(
    text: str,
    file: str = "<string>",
    what: str = "YAML file",
    *,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> LoadedYaml:
    """Parse YAML/JSON text; refuses documents deeper than ``max_depth`` or with more than
    ``max_nodes`` values (after alias expansion), before building anything big."""
    if not text.strip():
        raise InputError(file, f"is empty; expected a {what}")
    try:
        _check_events(text, file, max_depth, max_nodes)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        detail = " ".join(x for x in (exc.context, exc.problem) if x)
        if "nesting depth" in detail:  # PyYAML >= 6.0.3 has its own (lower) limit: same message
            raise InputError(
                f"{file}{where}", f"nested more than {max_depth} levels deep"
            ) from None
        raise InputError(
            f"{file}{where}", f"malformed YAML/JSON: {detail}", "fix the syntax at that place"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(file, f"malformed YAML/JSON: {exc}") from None
    except RecursionError:
        raise InputError(file, "nested too deeply to be a spec") from None
    if root is None:
        raise InputError(file, f"holds no document; expected a {what}")
    result = LoadedYaml(file, None)
    walker = _Walker(result, max_depth, max_nodes)
    result.data = walker.convert(root, ())
    return result


def _check_events(text: str, file: str, max_depth: int, max_nodes: int) -> None:
    """Refuse deep nesting and huge node counts from the event stream, before libyaml builds
    (recursively, one Python object per node) a tree."""
    loader = _Loader(text)
    depth = 0
    count = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.NodeEvent):
                count += 1
                if count > max_nodes:
                    mark = event.start_mark
                    assert mark is not None
                    raise InputError(
                        f"{file}:{mark.line + 1}:{mark.column + 1}",
                        f"more than {max_nodes:,} values; too big to be a spec",
                        "a spec has a few hundred values; check that this is the right file",
                    )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    mark = event.start_mark
                    assert mark is not None
                    raise InputError(
                        f"{file}:{mark.line + 1}:{mark.column + 1}",
                        f"nested more than {max_depth} levels deep",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


class _Walker:
    def __init__(self, result: LoadedYaml, max_depth: int, max_nodes: int) -> None:
        self.result = result
        self.count = 0
        self.max_depth = max_depth
        self.max_nodes = max_nodes

    def fail(self, node: yaml.Node, message: str, hint: str = "") -> InputError:
        mark = node.start_mark
        return InputError(f"{self.result.file}:{mark.line + 1}:{mark.column + 1}", message, hint)

    def convert(self, node: yaml.Node, path: tuple[str | int, ...]) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise self.fail(
                node,
                f"more than {self.max_nodes:,} values (an alias bomb?)",
                "remove the anchors/aliases",
            )
        if len(path) > self.max_depth:
            raise self.fail(node, f"nested more than {self.max_depth} levels deep")
        mark = node.start_mark
        self.result.locations[path] = Mark(mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.fail(node, f"tag {node.tag!r} is not allowed", "remove the tag")
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self.fail(node, f"tag {node.tag!r} is not allowed", "remove the tag")
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(
                        key_node, "merge keys ('<<') are not supported", "write the keys out"
                    )
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "a key must be a plain string")
                key = str(key_node.value)
                if key in out:
                    first = self.result.key_locations[(*path, key)]
                    raise self.fail(
                        key_node,
                        f"duplicate key {key!r} (first on line {first.line})",
                        "keep one of them: YAML would silently drop the first",
                    )
                km = key_node.start_mark
                self.result.key_locations[(*path, key)] = Mark(km.line + 1, km.column + 1)
                out[key] = self.convert(value_node, (*path, key))
            return out
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(
                node, f"tag {node.tag!r} is not allowed", "data files take plain values only"
            )
        if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return node.value  # dates stay ISO strings; the schema parses them
        if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() not in ("true", "false"):
            return node.value  # YAML 1.1 'yes'/'no'/'on'/'off' stay text: 'NO' is Norway
        return _constructor.construct_object(node)


def problem_at(
    loaded: LoadedYaml, path: tuple[str | int, ...], message: str, key: bool = False
) -> Problem:
    loc = loaded.locate(path, key=key)
    return Problem(loaded.file, loc.line, loc.column, format_path(path), message)


def format_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
