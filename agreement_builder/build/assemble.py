"""spec + clause library -> ``Assembly``: select, number, find gaps, lay out.

Every step is a module of its own (select, number, gaps, layout); the result is independent
of the output format. Gaps are found from the clauses' variable declarations before anything
is rendered, all at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..core.memo import by_identity
from ..spec.context import spec_context
from ..spec.model import AgreementSpec
from .gaps import conflict_gaps, find_gaps
from .layout import lay_out
from .library import Clause, Library, load_library
from .model import Assembly, Gap
from .number import number_sections
from .select import missing_components, select_clauses
from .wording import localise_library


def assemble(
    spec: AgreementSpec, library: Library | None = None, extra: Iterable[Gap] = ()
) -> Assembly:
    """Build the format-independent agreement for ``spec``.

    ``extra`` are open items from the checks (error-level findings): a failed check is
    marked in the section it concerns and listed with the gaps; a finding that reports one of
    the gaps below (origin ``report``) labels that gap instead (build/gaps.reconcile).
    """
    lib = localise_library(library or load_library(), spec)
    selected, placeholders, variables, gaps = _plan(spec, lib)
    numbering, layout = number_sections(spec, lib, selected, placeholders)
    return lay_out(spec, selected, numbering, layout, variables, gaps, list(extra))


def undecided(spec: AgreementSpec, library: Library | None = None) -> list[Gap]:
    """What the agreement for ``spec`` will mark as undecided, without rendering it: the
    placeholder of each undecided component, each undecided required value, each pair of
    clauses that exclude each other. ``assemble`` finds exactly these (the same steps), so
    ``check`` and ``build`` cannot disagree on them."""
    lib = localise_library(library or load_library(), spec)  # the clauses build reads
    _, placeholders, _, gaps = _plan(spec, lib)
    return [gap for _, gap in placeholders] + gaps


@by_identity()  # check (undecided) and build (assemble) plan the same spec once
def _plan(
    spec: AgreementSpec, lib: Library
) -> tuple[list[Clause], list[tuple[str, Gap]], dict[str, dict[str, Any]], list[Gap]]:
    context = spec_context(spec)
    selected = select_clauses(spec, lib, context)
    placeholders = missing_components(spec, lib, selected, context)
    variables, gaps = find_gaps(spec, selected, context)
    gaps += conflict_gaps(selected, lib)
    return selected, placeholders, variables, gaps
