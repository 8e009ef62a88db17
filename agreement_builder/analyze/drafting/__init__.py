"""Drafting-defect detectors for agreements we did not write: plain functions over text,
one module per family of defects.

Each detector takes a ``SourceDocument`` and returns ``Defect`` records (what, where as
character offsets); the rule engine turns them into findings with codes, severities and
locations. Every pattern here is linear-time: documents can be one 100k-character line, and
no detector searches the whole text once per term or per reference.

The detectors aim at precision: a finding should be one a reviewer agrees with. Text
extracted from PDFs runs sections together, glues page numbers and running headers into
sentences and hides section numbers the segmenter did not see, so every check confirms
what it is about to report against the raw text before reporting it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ...read.model import SourceDocument
from .base import Defect
from .dates import check_dates
from .lookalikes import Matching, check_lookalikes, for_matching
from .notices import check_notice_periods
from .numbering import check_numbering
from .numbers import check_split_totals, check_words_numerals
from .parties import DraftingContext, check_foreign_parties, check_party_names
from .placeholders import find_placeholders
from .references import check_cross_references
from .restated import check_restated_terms
from .signatures import check_signatures
from .tables import check_table_splits
from .terms import check_borrowed_roles, check_defined_terms, check_undefined_terms

__all__ = [
    "DETECTORS",
    "RAW_DETECTORS",
    "Defect",
    "Detector",
    "DraftingContext",
    "Matching",
    "for_matching",
]

Detector = Callable[[SourceDocument, DraftingContext], Iterable[Defect]]

DETECTORS: dict[str, Detector] = {
    "placeholders": lambda doc, ctx: find_placeholders(doc, ctx.running),
    "defined_terms": lambda doc, ctx: check_defined_terms(doc, ctx.party_names),
    "undefined_terms": lambda doc, ctx: check_undefined_terms(doc, ctx.party_names),
    "borrowed_roles": lambda doc, ctx: check_borrowed_roles(doc),
    "cross_references": lambda doc, ctx: check_cross_references(doc),
    "numbering": lambda doc, ctx: check_numbering(doc),
    "words_numerals": lambda doc, ctx: check_words_numerals(doc),
    "dates": lambda doc, ctx: check_dates(doc),
    "split_totals": lambda doc, ctx: check_split_totals(doc),
    "table_splits": lambda doc, ctx: check_table_splits(doc, ctx.party_names),
    "party_names": lambda doc, ctx: check_party_names(doc, ctx.party_names),
    "notice_periods": lambda doc, ctx: check_notice_periods(doc),
    "restated_terms": lambda doc, ctx: check_restated_terms(doc),
    "signatures": lambda doc, ctx: check_signatures(doc, ctx.parties),
    "foreign_parties": check_foreign_parties,
    "lookalikes": lambda doc, ctx: check_lookalikes(doc),
}

# Detectors that read the text as written. Every other one reads the copy normalised for
# matching (lookalikes.for_matching: no zero-width or bidi characters, no soft hyphens, plain
# spaces, Latin letters for look-alikes inside Latin words), its findings taken back to the
# original offsets: a zero-width space inside "[AMOUNT]" still leaves a placeholder.
RAW_DETECTORS = frozenset({"lookalikes"})
