"""Plain text and Markdown: decoding with notes, paragraph blocks with line numbers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .model import HiddenText, SourceDocument, TextBlock, capped, hidden_text

_PARA_BREAK = re.compile(r"\n[ \t\f\v]*\n(?:[ \t\f\v]*\n)*")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r" {0,3}(```|~~~)")
# "__" of __bold__, never two of a run of blanks to fill in ("[$____]", "By: ________")
_BOLD = re.compile(r"\*\*|(?<![\w_])__(?!_)|(?<!_)__(?![\w_])")
_ALPHA = re.compile(r"[^\W\d_]")
HEADING_MAX = 100  # characters: a longer line is not a heading
_DIRECTIVE = re.compile(r"<!--\s*agreement:")  # a comment to this tool, not hidden text


def _c1(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: undefined in Windows-1252
        return chr(byte)


_C1 = {b: _c1(b) for b in range(0x80, 0xA0)}  # Latin-1 -> Windows-1252 for 0x80-0x9f


def _mixed(data: bytes) -> tuple[str, int]:
    """Line by line: UTF-8 where a line is valid UTF-8, Windows-1252 (or Latin-1) where not."""
    out: list[str] = []
    bad = 0
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                out.append(line.decode("cp1252"))
            except UnicodeDecodeError:  # rare: a byte Windows-1252 leaves undefined
                out.append(line.decode("latin-1").translate(_C1))
            bad += 1
    return "\n".join(out), bad


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text with normalised newlines, and the notes a user should see."""
    notes: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        notes.append("decoded as UTF-16")
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        nul = data.count(b"\x00")
        if nul:
            data = data.replace(b"\x00", b"")
            notes.append(f"removed {nul} NUL byte{'' if nul == 1 else 's'}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Mixed encodings are common (UTF-8 text pasted into a Windows-1252 file): keep
            # every UTF-8 line, read the others as Windows-1252 (Latin-1 where undefined).
            text, bad = _mixed(data)
            notes.append(
                f"decoded as Latin-1 (Windows-1252) where not valid UTF-8: {bad:,} "
                f"line{'' if bad == 1 else 's'}, the first bad byte at {exc.start}"
            )
    text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, notes


def looks_like_heading(line: str) -> bool:
    """A short ALL-CAPS line ("RECITALS", "ARTICLE 4 - TERM")."""
    if len(line) > HEADING_MAX or "\n" in line:
        return False
    return line.upper() == line and len(_ALPHA.findall(line)) >= 3


def read_text(where: str, data: bytes, *, markdown: bool = False) -> SourceDocument:
    text, notes = decode(data)
    hidden: list[HiddenText] = []
    if markdown:
        text, blocks = _markdown_blocks(text, hidden)
    else:
        blocks = with_running_lines(text, _text_blocks(text))
    kept = capped(hidden, notes)
    return SourceDocument(
        path=where,
        format="markdown" if markdown else "text",
        text=text,
        blocks=tuple(blocks),
        notes=tuple(notes),
        hidden=kept,
    )


# inline HTML a Markdown renderer shows as its content only: <span id="s1">, </u>, <br/>
_INLINE_HTML = re.compile(
    r"</?(?:span|div|p|br|u|b|i|em|strong|a|sup|sub|font|mark|small|big|s|strike|ins|center|"
    r"abbr|cite|code|kbd|var|q|section|article|header|footer|hr|img|anchor)"
    r"(?:\s[^<>\n]{0,400})?\s*/?>",
    re.IGNORECASE,
)


class _Comments:
    """Takes ``<!-- ... -->`` out of Markdown lines (a comment may span lines): a rendered
    Markdown file never shows them, so they are hidden text, recorded but not read."""

    def __init__(self, hidden: list[HiddenText]) -> None:
        self.hidden = hidden
        self.open_at = 0  # the line the open comment started on (1-based), 0 if none
        self.pieces: list[str] = []

    def visible(self, line: str, number: int) -> str:
        if not self.open_at and "<!--" not in line:
            return line
        out: list[str] = []
        pos = 0
        while pos <= len(line):
            if self.open_at:
                end = line.find("-->", pos)
                if end < 0:
                    self.pieces.append(line[pos:])
                    break
                self.pieces.append(line[pos:end])
                text = " ".join(self.pieces).strip()
                if text:
                    self.hidden.append(
                        hidden_text(f"line {self.open_at}", "Markdown comment", text)
                    )
                self.open_at, self.pieces = 0, []
                pos = end + 3
                continue
            start = line.find("<!--", pos)
            if start < 0:
                out.append(line[pos:])
                break
            if _DIRECTIVE.match(line, start):  # kept: inline suppressions read it
                end = line.find("-->", start)
                stop = len(line) if end < 0 else end + 3
                out.append(line[pos:stop])
                pos = stop
                continue
            out.append(line[pos:start])
            self.open_at, pos = number, start + 4
        return "".join(out)

    def close(self) -> None:
        """An unclosed comment hides the rest of the file, as a Markdown renderer does."""
        text = " ".join(self.pieces).strip()
        if self.open_at and text:
            self.hidden.append(hidden_text(f"line {self.open_at}", "Markdown comment", text))


def _text_blocks(text: str) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    line = 1
    counted = 0  # text[:counted] has had its newlines counted into ``line``
    pos = 0
    bounds: list[tuple[int, int]] = []
    for sep in _PARA_BREAK.finditer(text):
        bounds.append((pos, sep.start()))
        pos = sep.end()
    bounds.append((pos, len(text)))
    for lo, hi in bounds:
        chunk = text[lo:hi]
        stripped = chunk.strip()
        if not stripped:
            continue
        start = lo + (len(chunk) - len(chunk.lstrip()))
        end = start + len(stripped)
        line += text.count("\n", counted, start)
        counted = start
        blocks.append(
            TextBlock(start=start, end=end, line=line, heading=int(looks_like_heading(stripped)))
        )
    return blocks


def _markdown_blocks(
    source: str, hidden: list[HiddenText] | None = None
) -> tuple[str, list[TextBlock]]:
    """Markdown: headings from ``#`` and setext underlines, ``**`` removed, comments taken out
    (into ``hidden``); same line count."""
    lines = source.split("\n")
    out: list[str] = []
    heading_of: dict[int, int] = {}
    fenced = False
    comments = _Comments([] if hidden is None else hidden)
    for index, raw in enumerate(lines):
        if not fenced:
            raw = comments.visible(raw, index + 1)
        if _FENCE.match(raw):
            fenced = not fenced
            out.append(raw)
            continue
        if fenced:
            out.append(raw)
            continue
        if "<" in raw:
            raw = _INLINE_HTML.sub("", raw)
        atx = _ATX.match(raw)
        if atx:
            content = raw[atx.end() :].rstrip()
            bare = content.rstrip("#")
            if bare != content and (not bare or bare[-1] in " \t"):
                content = bare.rstrip()
            out.append(_BOLD.sub("", content).strip())
            heading_of[index] = len(atx.group(1))
            continue
        setext = _SETEXT.match(raw)
        if (
            setext
            and index > 0
            and out[index - 1].strip()
            and index - 1 not in heading_of
            and (index < 2 or not out[index - 2].strip())
        ):
            heading_of[index - 1] = 1 if setext.group(1)[0] == "=" else 2
            out[index - 1] = out[index - 1].strip()
            out.append("")
            continue
        out.append(_BOLD.sub("", raw) if "*" in raw or "_" in raw else raw)
    comments.close()

    text = "\n".join(out)
    blocks: list[TextBlock] = []
    offset = 0
    para_start = -1  # offset of the open paragraph
    para_line = 0
    para_end = 0

    def flush() -> None:
        nonlocal para_start
        if para_start >= 0:
            chunk = text[para_start:para_end]
            heading = int(looks_like_heading(chunk.strip()))
            blocks.append(TextBlock(para_start, para_end, line=para_line, heading=heading))
        para_start = -1

    for index, line_text in enumerate(out):
        stripped = line_text.strip()
        if index in heading_of:
            flush()
            if stripped:
                start = offset + line_text.index(stripped[0])
                blocks.append(
                    TextBlock(
                        start, start + len(stripped), line=index + 1, heading=heading_of[index]
                    )
                )
        elif not stripped:
            flush()
        else:
            if para_start < 0:
                para_start = offset + (len(line_text) - len(line_text.lstrip()))
                para_line = index + 1
            para_end = offset + len(line_text.rstrip())
        offset += len(line_text) + 1
    flush()
    return text, blocks


# ---------------------------------------------------------------- running headers and footers

# Text extracted from a PDF keeps each page's running header or footer as a line among the
# body's ("Case 18-10248 Doc 632-1 Filed 04/18/18 Page 4 of 60", "Commercial in Confidence
# Page 44 May 2004", "- 8 - TELKOM CONTRACT"), sometimes glued to the first line of the next
# page. Read as body text they made dates ("44 May 2004"), sections and terms that are not
# there (issue 16). A line is a running one when it names a page ("Page 4", "4 of 60",
# "- 8 -") and is short, and either stands alone as a page number or comes back, with its
# numbers changed, on at least three lines; the same line at the start or end of a longer
# line is cut off it. Such lines become "footer" blocks: segmentation and the drafting and
# component checks skip them (analyze.drafting.lookalikes.for_matching blanks them).
_NUMBERS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_PAGE_TOKEN = re.compile(
    r"\bpage\s*#(?:\s*(?:of|/)\s*#)?(?!\S)|(?<!\S)#\s+of\s+#(?!\S)|(?<!\S)[-\u2013\u2014]\s*#\s*[-\u2013\u2014](?!\S)",
    re.IGNORECASE,
)
# a line that is only a page number: "Page 4", "Page 4 of 60", "4 of 60", "- 4 -"
_PAGE_ONLY = re.compile(
    r"(?:page\s*#(?:\s*(?:of|/)\s*#)?|#\s+of\s+#|[-\u2013\u2014]\s*#\s*[-\u2013\u2014])",
    re.IGNORECASE,
)
# the same tokens in the text itself, to find the few lines worth a shape: each pattern
# starts with a literal, which the regex engine finds by a fast scan (one pattern with
# alternatives, or one ignoring case, tried every position: 0.07 s a megabyte)
_RAW_TOKENS = tuple(
    re.compile(pattern)
    for pattern in (
        r"page[ \t]*\d",
        r"Page[ \t]*\d",
        r"PAGE[ \t]*\d",
        r" of[ \t]*\d",
        r"-[ \t]*\d+[ \t]*-",
        r"\u2013[ \t]*\d+[ \t]*\u2013",
        r"\u2014[ \t]*\d+[ \t]*\u2014",
    )
)
RUNNING_MAX = 120  # characters: a longer line is body text
RUNNING_REPEATS = 3  # lines of one shape (numbers aside) before it counts as running
_GLUED_SHAPES = 8  # the most frequent running shapes looked for glued to a longer line


def _shape(line: str) -> str:
    return _NUMBERS.sub("#", _SPACES.sub(" ", line.strip()))


def running_lines(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are running page headers or footers (see above), in text
    order. Linear: the lines that name a page are found by one search, their shapes
    counted, then marked; a glued header is looked for only at the two ends of a line."""
    lines = _token_lines(text)
    counts = Counter(shape for _, _, shape in lines if shape and len(shape) <= RUNNING_MAX)
    running = {
        shape
        for shape, n in counts.items()
        if n >= RUNNING_REPEATS and "#" in shape and _PAGE_TOKEN.search(shape)
    }
    glued = _glued_patterns(running, counts)
    spans: list[tuple[int, int]] = []
    for start, end, shape in lines:
        if (
            shape
            and len(shape) <= RUNNING_MAX
            and (shape in running or _PAGE_ONLY.fullmatch(shape))
        ):
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            spans.append((start + lead, start + lead + len(text[start:end].strip())))
            continue
        if glued is None:
            continue
        head = glued[0].match(text, start, end)
        if head is not None and head.end() < end and text[head.end()].isspace():
            spans.append((head.start(1), head.end()))
        tail_from = max(start, end - RUNNING_MAX - 1)
        tail = glued[1].search(text, tail_from, end)
        if tail is not None and (head is None or tail.start(1) >= head.end()):
            spans.append((tail.start(1), tail.end(1)))
    return spans


def _token_lines(text: str) -> list[tuple[int, int, str]]:
    """The lines of ``text`` that name a page somewhere (only they can be running lines), as
    (start, end, shape); the shape of a much longer line is not made (""). Each
    line is found once, from its first page token: linear in the text."""
    out: list[tuple[int, int, str]] = []
    line_end = -1
    tokens = sorted(m.start() for pattern in _RAW_TOKENS for m in pattern.finditer(text))
    for at in tokens:
        if at < line_end:
            continue  # a second token on the same line
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        line_end = len(text) if end < 0 else end
        line = text[start:line_end]
        out.append((start, line_end, _shape(line) if len(line) <= 3 * RUNNING_MAX else ""))
    return out


def _glued_patterns(
    running: set[str], counts: Counter[str]
) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Patterns for the running lines of this text at the start and at the end of a line."""
    if not running:
        return None
    shapes = sorted(running, key=lambda s: (-counts[s], s))[:_GLUED_SHAPES]
    pieces = []
    for shape in shapes:
        words = [re.escape(w).replace("\\#", r"\d+") for w in shape.split(" ")]
        pieces.append(r"[ \t]+".join(words))
    either = "|".join(pieces)
    return (
        re.compile(rf"[ \t]*({either})(?=[ \t])"),
        re.compile(rf"(?<=[ \t])({either})[ \t]*$", re.MULTILINE),
    )


def with_running_lines(text: str, blocks: list[TextBlock]) -> list[TextBlock]:
    """``blocks`` with the running headers and footers of ``text`` (:func:`running_lines`)
    split off into "footer" blocks; the body text around them stays in body blocks."""
    spans = running_lines(text)
    if not spans:
        return blocks
    out: list[TextBlock] = []
    i = 0
    for block in blocks:
        while i < len(spans) and spans[i][1] <= block.start:
            i += 1
        inside: list[tuple[int, int]] = []
        j = i
        while j < len(spans) and spans[j][0] < block.end:
            inside.append((max(spans[j][0], block.start), min(spans[j][1], block.end)))
            j += 1
        if not inside:
            out.append(block)
            continue
        pos = block.start
        for lo, hi in inside:
            out.extend(_piece(text, block, pos, lo, "body"))
            out.extend(_piece(text, block, lo, hi, "footer"))
            pos = max(pos, hi)
        out.extend(_piece(text, block, pos, block.end, "body"))
    return out


def _piece(text: str, block: TextBlock, lo: int, hi: int, part: str) -> list[TextBlock]:
    chunk = text[lo:hi]
    stripped = chunk.strip()
    if not stripped:
        return []
    start = lo + (len(chunk) - len(chunk.lstrip()))
    line = None if block.line is None else block.line + text.count("\n", block.start, start)
    heading = int(part == "body" and looks_like_heading(stripped))
    return [
        replace(
            block, start=start, end=start + len(stripped), line=line, heading=heading, part=part
        )
    ]
