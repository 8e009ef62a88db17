"""Shares in a table that do not total 100% (DRF121).

A table is found three ways: Word table cells (``TextBlock.cell``), Markdown pipe tables, and
in PDF or plain text a run of lines that each end in a percentage ("Northwind Trading Ltd
70%"), with the line before them as the header. A table is a split when its rows are
parties (a party's name, a company name, or a "Party" header) or its header says Share,
Split, Percentage, Allocation or Ownership; a header about rates (royalty, commission,
discount, interest, fee) or rows that are tiers or periods ("Year 1", "$0 - $25,000,000")
make it something else. A split's percentages total 100; a Total row must say 100 and
equal the sum of the rows above it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from heapq import merge
from itertools import accumulate, chain

from ...core.startup import _Value, value
from ...read.model import SourceDocument
from .base import Defect, Defects, Tally
from .numbers import check_split_totals


@value
class Cell(_Value):
    text: str
    start: int
    end: int


@value
class Table(_Value):
    """Rows of cells (the first row may be a header) and where the table is in the text."""

    rows: tuple[tuple[Cell, ...], ...]
    start: int
    end: int
    header: str = ""  # text above a table read from lines, when it has no header row


# ------------------------------------------------------------------------ finding tables


def docx_tables(doc: SourceDocument) -> list[Table]:
    """Word tables from the blocks' ``cell`` (table, row, column): several paragraphs of one
    cell are one cell; a nested table is a table of its own."""
    cells: dict[int, dict[int, dict[int, list[tuple[int, int]]]]] = {}
    for block in doc.blocks:
        if block.cell is None or block.cell[0] < 0:
            continue
        table, row, column = block.cell
        cells.setdefault(table, {}).setdefault(row, {}).setdefault(column, []).append(
            (block.start, block.end)
        )
    text = doc.text
    out: list[Table] = []
    for table in sorted(cells):
        rows: list[tuple[Cell, ...]] = []
        for row in sorted(cells[table]):
            columns = cells[table][row]
            width = max(columns) + 1
            line: list[Cell] = []
            for column in range(width):
                spans = columns.get(column)
                if not spans:
                    line.append(Cell("", -1, -1))  # an empty cell: Word kept no paragraph text
                    continue
                start, end = spans[0][0], spans[-1][1]
                line.append(Cell(" ".join(text[a:b] for a, b in spans), start, end))
            rows.append(tuple(line))
        starts = [c.start for r in rows for c in r if c.start >= 0]
        ends = [c.end for r in rows for c in r if c.start >= 0]
        if starts:
            out.append(Table(tuple(rows), min(starts), max(ends)))
    return out


_ROWS_MAX = 60  # rows of a table read as a split: shares between parties are a few rows
_PIPE_MAX = 64  # bars in a row: a longer run of them is a rule or noise, not a table row
_PIPE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")
_PIPE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield start, end
        start = end + 1


def pipe_tables(text: str) -> list[Table]:
    """Markdown pipe tables: runs of lines that start and end with "|"."""
    return list(_pipe_tables(text))


def _pipe_tables(text: str) -> Iterator[Table]:
    rows: list[tuple[Cell, ...]] = []
    if "|" not in text:
        return
    for start, end in [*_lines(text), (len(text) + 1, len(text) + 1)]:
        line = text[start:end] if start <= len(text) else ""
        if start <= len(text) and 2 <= line.count("|") <= _PIPE_MAX and _PIPE_ROW.fullmatch(line):
            if _PIPE_RULE.fullmatch(line):
                continue
            if len(rows) <= _ROWS_MAX:  # a longer table is not a split: read no more of it
                rows.append(tuple(_pipe_cells(text, start, end)))
            continue
        if 2 <= len(rows) <= _ROWS_MAX:
            yield Table(tuple(rows), rows[0][0].start, rows[-1][-1].end)
        rows = []


def _pipe_cells(text: str, start: int, end: int) -> Iterator[Cell]:
    first = text.index("|", start, end)
    last = text.rindex("|", start, end)
    pos = first + 1
    while pos <= last:
        bar = text.find("|", pos, last + 1)
        if bar < 0:
            break
        raw = text[pos:bar]
        lead = len(raw) - len(raw.lstrip())
        cell = raw.strip()
        yield Cell(cell, pos + lead, pos + lead + len(cell))
        pos = bar + 1


# "Northwind Trading Ltd    70%", "Corrib 40%", "Total 100%"
_PERCENT_LINE = re.compile(
    r"[ \t]*([A-Za-z][^\n%|]{0,79}?)[ \t]+(\d{1,3}(?:\.\d+)?)[ \t]?(?:%|percent|per[ \t]cent)[ \t]*"
)
_PROSE_END = re.compile(
    r"(?:\b(?:to|of|and|or|at|by|the|a|an|for|than|with|is|are|be|from|in|on|per|plus|less|least"
    r"|about|over|under|exceed|exceeds|equal|equals|shall|will|receive|receives|retain|retains"
    r"|pay|pays|paid|share|shares|split|bear|bears|own|owns|holds?)|[,;:(])$",
    re.IGNORECASE,
)


def _label_like(label: str) -> bool:
    """A row label, not the end of a sentence wrapped before its figure: at most eight words,
    at most two of them lower-case ("Northwind Trading Ltd", "Share of the Buyer"), not
    ending in a word that wants the figure ("equal to", "of")."""
    words = label.split()
    lower = [
        w for w in words if w[:1].islower() and w not in ("of", "and", "the", "&", "for", "de")
    ]
    return len(words) <= 8 and len(lower) <= 2 and not _PROSE_END.search(label)


_PERCENT_LINES = re.compile(r"(?m)^" + _PERCENT_LINE.pattern + "$")


def line_tables(text: str) -> list[Table]:
    """Runs of at least two lines that each are a short label and a percentage, as PDF and
    plain text show a two-column table; the non-blank line above the run is its header.

    The lines are found by one scan of the text (every other line is skipped inside the
    regex engine); a run is lines that follow each other."""
    return list(_line_tables(text))


def _line_tables(text: str) -> Iterator[Table]:
    if "%" not in text and "per" not in text:
        return
    rows: list[tuple[Cell, ...]] = []
    first = 0  # where the run's first line starts
    last_end = -2  # where the run's last line ends
    for match in chain(_PERCENT_LINES.finditer(text), (None,)):
        label = match.group(1).strip() if match is not None else ""
        row = match is not None and _label_like(label)
        if row and match is not None and match.start() == last_end + 1 and rows:
            if len(rows) <= _ROWS_MAX:
                rows.append(_row(text, match, label))
            last_end = match.end()
            continue
        if 2 <= len(rows) <= _ROWS_MAX:
            yield _line_table(text, rows, _line_above(text, first))
        rows = []
        if row and match is not None:
            rows = [_row(text, match, label)]
            first, last_end = match.start(), match.end()


def _row(text: str, match: re.Match[str], label: str) -> tuple[Cell, ...]:
    return (
        Cell(label, match.start(1), match.start(1) + len(label)),
        Cell(text[match.start(2) : match.end()].strip(), match.start(2), match.end()),
    )


def _line_above(text: str, start: int) -> tuple[int, int] | None:
    """The last non-blank line before the line starting at ``start`` (at most a few blank
    lines up: a header is right above its table)."""
    end = start - 1
    for _ in range(4):
        if end < 0:
            return None
        begin = text.rfind("\n", 0, end) + 1
        if text[begin:end].strip():
            return begin, end
        end = begin - 1
    return None


def _line_table(text: str, rows: list[tuple[Cell, ...]], above: tuple[int, int] | None) -> Table:
    """A table of label-and-percentage lines, with the line above as its header: two header
    cells when the line is spaced out like the rows ("Party      Revenue share"), else the
    whole line (PDF text has single spaces) for the column checks to read."""
    start = rows[0][0].start
    if above is not None:
        line = text[above[0] : above[1]]
        header = line.strip()
        if header and "%" not in header and len(header) <= 100:
            lead = above[0] + len(line) - len(line.lstrip())
            parts = [m for m in re.finditer(r"\S+(?:[ ](?! )\S*)*", line)]
            if len(parts) == 2 and re.search(r"\S(?:\t| {2,})\S", header):
                cells = tuple(
                    Cell(m.group().strip(), above[0] + m.start(), above[0] + m.end()) for m in parts
                )
                return Table((cells, *rows), lead, rows[-1][-1].end)
            return Table(tuple(rows), lead, rows[-1][-1].end, header)
    return Table(tuple(rows), start, rows[-1][-1].end)


class _Spans:
    """Spans of text, sorted once: whether any of them overlaps ``[start, end)`` is a binary
    search (the spans starting before ``end``, the largest end among them)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.reach[i] > start


def find_tables(doc: SourceDocument) -> list[Table]:
    """Every table of the document: Word tables, pipe tables and lines that look like one
    (a Word table's cells are lines of the text too: they are read once, as the table)."""
    return list(_tables(doc))


def _tables(doc: SourceDocument) -> Iterator[Table]:
    """:func:`find_tables` one by one, in order of their start (Word tables first of equal
    starts, then pipe tables, then line tables), read only as far as they are asked for."""
    word = sorted(docx_tables(doc) if doc.format == "docx" else [], key=_table_start)
    taken = _Spans((t.start, t.end) for t in word)
    # pipe rows start with "|", which a line table's label never holds: they never overlap
    others = (
        (t for t in found if not taken.overlap(t.start, t.end))
        for found in (_pipe_tables(doc.text), _line_tables(doc.text))
    )
    return merge(word, *others, key=_table_start)


def _table_start(table: Table) -> int:
    return table.start


# ------------------------------------------------------------------------ reading splits

_CELL_PERCENT = re.compile(
    r"(?:[A-Za-z][A-Za-z \t-]{0,40}\(\s*)?(\d{1,3}(?:\.\d+)?)\s?(?:%|percent|per\s+cent)"
    r"(?:\s*\)|\s*\([^()]{0,40}\))?\.?"
)
_SHARE_HEADER = re.compile(
    r"\b(?:share|shares|split|percentage|percent|allocation|allocated|ownership|proportion|%)"
    r"|%|\bpercentage\s+interest|\bequity\s+interest|\bmembership\s+interest",
    re.IGNORECASE,
)
_RATE_HEADER = re.compile(
    r"royalt|commission|discount|\brate\b|\brates\b|interest\s+rate|\bfees?\b|\btax|withholding"
    r"|margin|mark-?up|penalt|\blate\b|bonus|\bvat\b|rebate|increase|escalat|threshold|target"
    r"|\bkpi|complet|probabilit|attendance|uptime|availability|credit|deduct|reduction|growth"
    r"|\bchange\b|\bminimum\b|\bmaximum\b|\bcap\b|\bfloor\b",
    re.IGNORECASE,
)
_PARTY_HEADER = re.compile(
    r"^(?:the\s+)?(?:part(?:y|ies)|partners?|members?|shareholders?|participants?|venturers?"
    r"|owners?|investors?|name|entity|company)\b",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"\b(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corporation|Corp|LLP|LP|GmbH|plc|PLC|S\.A|B\.V|N\.V|AG|Pty"
    r"|SAS|SARL|S\.p\.A|Oy|AB|AS|KK|Co)\b\.?"
)
_TIER = re.compile(
    r"\d|[$€£]|\b(?:year|years|month|quarter|tier|level|band|phase|stage|first|second|third|next"
    r"|thereafter|up\s+to|over|above|below|under|more|less|between|from|until|after|before|per)\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"(?:grand\s+)?total\b|sum\b", re.IGNORECASE)


def _percent(cell: str) -> float | None:
    match = _CELL_PERCENT.fullmatch(cell.strip())
    return float(match.group(1)) if match else None


def _is_party(label: str, names: Iterable[str]) -> bool:
    folded = label.lower()
    for name in names:
        lowered = name.lower()
        if (
            folded == lowered
            or folded.startswith(lowered + " ")
            or lowered.startswith(folded + " ")
        ):
            return True
    return bool(_COMPANY.search(label)) and not _TIER.search(label)


@value
class _Split(_Value):
    header: str
    rows: tuple[tuple[str, float, Cell], ...]  # label, percentage, the percentage's cell
    total: tuple[float, Cell] | None


def _splits(table: Table, names: tuple[str, ...]) -> Iterator[_Split]:
    """The columns of a table that split something between parties."""
    rows = [r for r in table.rows if any(c.text for c in r)]
    if len(rows) < 2:
        return
    header: tuple[Cell, ...] = ()
    body = rows
    if not any(_percent(c.text) is not None for c in rows[0]):
        header, body = rows[0], rows[1:]
    width = max(len(r) for r in body)
    for column in range(1, width):
        title = header[column].text if column < len(header) else table.header
        first_title = header[0].text if header else ""
        values: list[tuple[str, float, Cell]] = []
        total: tuple[float, Cell] | None = None
        ok = True
        for row in body:
            if column >= len(row) or not row[0].text:
                ok = False
                break
            value = _percent(row[column].text)
            if value is None:
                ok = False
                break
            if _TOTAL.match(row[0].text):
                total = (value, row[column])
                continue
            if total is not None:
                ok = False  # a row after the total: not one table of shares
                break
            values.append((row[0].text, value, row[column]))
        if not ok or len(values) < 2:
            continue
        labels = [label for label, _, _ in values]
        if _RATE_HEADER.search(f"{first_title} {title} {table.header}"):
            continue  # royalty, commission or discount rates: not shares of one whole
        party_rows = all(_is_party(label, names) for label in labels)
        if not party_rows and any(_TIER.search(label) for label in labels):
            continue  # "Year 1", "$0 - $25,000,000": rates by tier, not a split
        by_party = party_rows or bool(_PARTY_HEADER.match(first_title or table.header))
        share = bool(_SHARE_HEADER.search(title))
        # rows of parties under a share header (or none), or named rows under a share
        # header whose total is near 100 (a share of one whole, a little off)
        named_share = (
            share
            and all(label[:1].isupper() for label in labels)
            and 50 < sum(v for _, v, _ in values) < 150
        )
        if (by_party and (share or not title)) or named_share:
            yield _Split(title, tuple(values), total)


def _pct(value: float) -> str:
    return f"{value:g}%"


def check_table_splits(doc: SourceDocument, party_names: tuple[str, ...] = ()) -> Defects:
    """A table of shares between parties that does not total 100%, or whose Total row is
    wrong. A table whose lead-in sentence DRF115 already reports (a Word table's cells read
    as lines under "shared as follows:") is not reported twice. Past ``ENOUGH`` of them
    the check stops reading tables (``Tally``): the rest are counted as "over"."""
    out: list[Defect] = []
    tally = Tally()
    prose: _Spans | None = None
    for table in _tables(doc):
        for split in _splits(table, party_names):
            values = [v for _, v, _ in split.rows]
            total = sum(values)
            parts = " + ".join(f"{label} {_pct(v)}" for label, v, _ in split.rows)
            what = f"the shares in the table{_titled(split.header)}"
            start, end = table.start, table.end
            if split.total is not None:
                stated = split.total[0]
                if abs(stated - 100) > 0.01:
                    message = f"{what} total {_pct(stated)} by their Total row, not 100% ({parts})"
                    if abs(stated - total) > 0.01:
                        message = (
                            f"{what} add up to {_pct(total)} ({parts}) and their Total row says "
                            f"{_pct(stated)}; a split must total 100%"
                        )
                elif abs(total - stated) > 0.01:
                    message = (
                        f"{what} add up to {_pct(total)} ({parts}), but their Total row says "
                        f"{_pct(stated)}"
                    )
                else:
                    continue
            elif abs(total - 100) > 0.01:
                message = f"{what} total {_pct(total)} ({parts}), not 100%"
            else:
                continue
            first_cell = split.rows[0][2]
            start = min(start, first_cell.start)
            if prose is None:  # the prose splits, found once a table is to be reported
                prose = _Spans((d.start, d.end) for d in check_split_totals(doc))
            if prose.overlap(start, end):
                continue
            if not tally.wants("table_split_total"):
                return tally.result(out)
            out.append(Defect("table_split_total", message, start, end, (("total", _pct(total)),)))
    return tally.result(out)


def _titled(header: str) -> str:
    header = re.sub(r"\s+", " ", header).strip()
    if not header:
        return ""
    if len(header) > 50:
        header = header[:49] + "…"
    return f" ({header!r})"
