"""A linear clause classifier per component, scored in pure Python (issue 16, item 3).

The weights are data (``assets/components_model.json``), trained on the development labels
of the corpora by ``bench/train_components.py`` (scikit-learn at training time only; nothing
here imports it or numpy). A document is cut into clause-sized units (sentences, at most
``MAX_UNIT`` characters); each unit's features are its lower-cased words, the pairs of
adjacent words ("royalty free", "exclusive remedy", "non exclusive" keep their meaning) and
the words of the caption of its section (``h:law``); a unit in a table of contents is
skipped (it lists captions, it states no clause). A component's score of a unit is the
bias plus the sum of the weights of its features, a logit; the document's score is the best
unit's. :func:`score_document` gives, per component, the best units and their scores;
:mod:`.components` combines them with the patterns as the model file says.

Work is linear: one pass of two regular expressions over the text, a set and a dictionary
look-up per word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError
from ..read.model import SourceDocument

MODEL_FORMAT = 1
SCALE = 1000  # weights are stored with three decimals and summed as integers: exact, so a
# score is the same whatever order a unit's features come in
MAX_UNIT = 600  # characters: a longer sentence is cut at a space
TOP_UNITS = 3  # best units kept per component (evidence)
_BREAK = re.compile(r"[.;!?](?=\s)|\n\s*\n")
_CONTENTS = re.compile(r"\W*(?:table of )?contents\W*|\W*index\W*", re.IGNORECASE)
COMBINE = ("patterns", "or", "confirm", "classifier")


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded once
class Model:
    """Per component: bias, threshold (a logit), how it combines with the patterns, and
    whether its best unit goes first among the evidence; one weight table for all."""

    components: tuple[str, ...]
    bias: tuple[float, ...]
    threshold: tuple[float, ...]  # the classifier alone says present above it
    combine_threshold: tuple[float, ...]  # the threshold used with the patterns (``combine``)
    combine: Mapping[str, str]
    evidence_first: frozenset[str]
    # a feature -> (component index, weight * SCALE); a pair of words also keyed as a tuple
    weights: Mapping[Any, tuple[tuple[int, int], ...]]
    keys: frozenset[Any] = frozenset()  # the features with a weight, pairs also as tuples

    def index(self, component: str) -> int:
        return self.components.index(component)


def model_path() -> Path:
    return Path(__file__).resolve().parents[1] / "assets" / "components_model.json"


def model_from_data(data: Mapping[str, Any], where: str = "model") -> Model:
    """A :class:`Model` from the JSON structure ``bench/train_components.py`` writes."""
    try:
        if data["format"] != MODEL_FORMAT:
            raise ConfigError(f"{where}: model format {data['format']!r}, expected {MODEL_FORMAT}")
        components = tuple(str(c) for c in data["components"])
        n = len(components)
        bias = tuple(float(b) for b in data["bias"])
        threshold = tuple(float(t) for t in data["threshold"])
        combine_threshold = tuple(float(t) for t in data.get("combine_threshold", threshold))
        combine = {str(c): str(m) for c, m in data.get("combine", {}).items()}
        weights = {
            str(f): tuple((int(i), round(float(w) * SCALE)) for i, w in pairs)
            for f, pairs in data["weights"].items()
        }
        evidence_first = frozenset(str(c) for c in data.get("evidence_first", ()))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: not a components model ({exc})") from None
    if len(bias) != n or len(threshold) != n or len(combine_threshold) != n:
        raise ConfigError(f"{where}: bias and threshold need one value per component")
    bad = {m for m in combine.values() if m not in COMBINE} | (set(combine) - set(components))
    if bad or any(i < 0 or i >= n for pairs in weights.values() for i, _ in pairs):
        raise ConfigError(f"{where}: unknown component or combination {sorted(bad)}")
    table: dict[Any, tuple[tuple[int, int], ...]] = dict(weights)
    for feature, pairs in weights.items():
        if " " in feature:
            first, second = feature.split(" ", 1)
            table[(first, second)] = pairs
    return Model(
        components,
        bias,
        threshold,
        combine_threshold,
        combine,
        evidence_first,
        table,
        frozenset(table),
    )


@cache
def load_model(path: str | None = None) -> Model:
    file = Path(path) if path else model_path()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{file}: cannot read the components model ({exc})") from None
    return model_from_data(data, str(file))


def units(text: str, max_len: int = MAX_UNIT) -> list[tuple[int, int]]:
    """Clause-sized pieces of ``text`` as (start, end): sentences and paragraphs, a longer
    one cut at the last space before ``max_len`` characters; blank pieces are dropped."""
    out: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end - start > max_len:
            cut = text.rfind(" ", start + max_len // 2, start + max_len)
            cut = cut if cut > start else start + max_len
            out.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))

    start = 0
    for m in _BREAK.finditer(text):
        add(start, m.end())
        start = m.end()
    add(start, len(text))
    return out


_DIGIT = re.compile("[0-9]")
_WORD = re.compile(r"[a-z]+|(?<!#)#|[%$]")  # a run of digits is one "#"


def _folded(text: str) -> str:
    """``text`` lower-cased with every digit as ``#``, offsets unchanged where possible."""
    return _DIGIT.sub("#", text.lower())


def tokens(text: str) -> list[str]:
    """Lower-cased words, each number as ``#``, and the signs ``%`` and ``$``."""
    return _WORD.findall(_folded(text))


def features(words: Sequence[str], caption: Sequence[str] = ()) -> set[str]:
    """The words of a unit, its pairs of adjacent words and its caption's words (``h:``)."""
    out = set(words)
    out.update(f"{a} {b}" for a, b in pairwise(words))
    out.update(f"h:{w}" for w in caption)
    return out


def unit_words(doc: SourceDocument) -> Iterator[tuple[int, int, list[str], list[str]]]:
    """Every unit of ``doc`` with its words and the words of the caption of its innermost
    captioned section (found by walking the sections alongside the units)."""
    text = doc.text
    folded = _folded(text)
    same = len(folded) == len(text)  # a few characters lower-case into two
    sections = [s for s in doc.sections if s.caption]
    captions: dict[int, list[str]] = {}
    stack: list[int] = []  # captioned sections open at the current unit
    nxt = 0
    for start, end in units(text):
        while nxt < len(sections) and sections[nxt].start <= start:
            stack.append(nxt)
            nxt += 1
        while stack and sections[stack[-1]].end <= start:
            stack.pop()
        caption: list[str] = []
        if stack:
            i = stack[-1]
            if _CONTENTS.fullmatch(sections[i].caption or ""):
                continue  # a table of contents lists captions, it states no clause
            if i not in captions:
                captions[i] = tokens(sections[i].caption or "")[:12]
            caption = captions[i]
        words = _WORD.findall(folded, start, end) if same else tokens(text[start:end])
        if words:
            yield start, end, words, caption


def unit_features(doc: SourceDocument) -> list[tuple[int, int, set[str]]]:
    """Every unit of ``doc`` with all its features (what training sees)."""
    return [(a, b, features(w, c)) for a, b, w, c in unit_words(doc)]


@dataclass(frozen=True)
class Scored:
    """A component's best units in a document, best first, as (score, start, end)."""

    best: tuple[tuple[float, int, int], ...]

    @property
    def score(self) -> float:
        return self.best[0][0] if self.best else float("-inf")


def score_units(
    model: Model,
    items: Iterable[tuple[int, int, Iterable[Any]]],
    components: Sequence[str],
    top: int = TOP_UNITS,
) -> dict[str, Scored]:
    """Per component of ``components`` (those the model knows), its ``top`` best units. A
    unit none of whose features weighs for a component scores its bias there, below every
    threshold: it is not kept."""
    wanted = [c for c in components if c in model.components]
    idx = {model.components.index(c): c for c in wanted}
    bias = [round(b * SCALE) for b in model.bias]
    weights = model.weights
    best: dict[int, list[tuple[float, int, int]]] = {i: [] for i in idx}
    floor = dict.fromkeys(idx, float("-inf"))
    for start, end, feats in items:
        sums: dict[int, int] = {}
        get = sums.get
        for f in feats:
            pairs = weights.get(f)
            if pairs is not None:
                for i, w in pairs:
                    sums[i] = get(i, 0) + w
        for i, total in sums.items():
            if i in idx:
                score = (bias[i] + total) / SCALE
                if score > floor[i]:
                    floor[i] = _keep(best[i], (score, start, end), top, floor[i])
    return {c: _scored(best[i]) for i, c in idx.items()}


def _keep(
    kept: list[tuple[float, int, int]], unit: tuple[float, int, int], top: int, floor: float
) -> float:
    """Add ``unit`` (score, start, end) to ``kept``, trimmed to the ``top`` best; the score a
    later unit must beat to be kept (``floor`` until ``kept`` is full)."""
    kept.append(unit)
    if len(kept) <= top:
        return floor
    kept.sort(key=lambda x: -x[0])
    del kept[top:]
    return kept[-1][0]


def _scored(kept: list[tuple[float, int, int]]) -> Scored:
    """The units kept, best first, in text order on a tie."""
    return Scored(tuple(sorted(kept, key=lambda x: (-x[0], x[1]))))


_BITS = 32  # one field per component in a packed sum
_OFFSET = 1 << 15  # added to every weight of a field so that it stays positive


@lru_cache(maxsize=32)
def _packed(model: Model, wanted: tuple[int, ...]) -> dict[Any, int]:
    """Per feature, its weights for the components ``wanted`` packed in one integer: field
    ``k`` (``_BITS`` wide) holds ``_OFFSET`` + the weight for ``wanted[k]``, so adding the
    integers of a unit's features sums every component at once."""
    slot = {i: k for k, i in enumerate(wanted)}
    base = sum(_OFFSET << (k * _BITS) for k in range(len(wanted)))
    out = {}
    for feature, pairs in model.weights.items():
        mine = [(slot[i], w) for i, w in pairs if i in slot]
        if mine:
            if any(abs(w) >= _OFFSET for _, w in mine):
                raise ConfigError(f"components model: weight of {feature!r} out of range")
            out[feature] = base + sum(w << (k * _BITS) for k, w in mine)
    return out


def score_document(
    doc: SourceDocument, components: Sequence[str], model: Model | None = None
) -> dict[str, Scored]:
    """Per component the model knows: the best units of ``doc`` and their scores (the same as
    :func:`score_units` over :func:`unit_features`, in one pass without building features)."""
    model = model or load_model()
    wanted = tuple(sorted({model.components.index(c) for c in components if c in model.components}))
    table = _packed(model, wanted)
    keys = frozenset(table)
    get = table.__getitem__
    mask = (1 << _BITS) - 1
    bias = [round(model.bias[i] * SCALE) for i in wanted]
    fields = [k * _BITS for k in range(len(wanted))]
    captions: dict[tuple[str, ...], list[Any]] = {}
    best: list[list[tuple[float, int, int]]] = [[] for _ in wanted]
    floor = [float("-inf")] * len(wanted)
    for start, end, words, caption in unit_words(doc):
        key = tuple(caption)
        found = captions.get(key)
        if found is None:
            heads = dict.fromkeys(f"h:{w}" for w in caption)
            found = captions[key] = [f for f in heads if f in table]
        # words, pairs and caption words never share a key: no feature counts twice
        single = keys.intersection(words)
        pairs = keys.intersection(pairwise(words))
        n = len(single) + len(pairs) + len(found)
        if not n:
            continue
        total = sum(map(get, single)) + sum(map(get, pairs)) + sum(map(get, found))
        offset = n * _OFFSET
        for k, shift in enumerate(fields):
            value = ((total >> shift) & mask) - offset
            if not value:
                continue  # no weight for this component (or a sum of exactly 0)
            score = (bias[k] + value) / SCALE
            if score > floor[k]:
                floor[k] = _keep(best[k], (score, start, end), TOP_UNITS, floor[k])
    return {model.components[i]: _scored(best[k]) for k, i in enumerate(wanted)}


def score_text(text: str, component: str, model: Model | None = None) -> float:
    """The score of one clause ``text`` for ``component`` (no caption)."""
    model = model or load_model()
    i = model.index(component)
    total = round(model.bias[i] * SCALE)
    for f in features(tokens(text)):
        for j, w in model.weights.get(f, ()):
            if j == i:
                total += w
    return total / SCALE


def combine(how: str, by_patterns: bool, by_model: bool) -> bool:
    """Is a component present, as ``how`` combines the patterns' and the model's say
    (``patterns``, ``or``, ``confirm``, ``classifier``)? Detection and training share it."""
    return {
        "patterns": by_patterns,
        "or": by_patterns or by_model,
        "confirm": by_patterns and by_model,
        "classifier": by_model,
    }[how]
