"""spec + clause library -> ``Assembly``: select, number, find gaps, lay out.

Every step is a module of its own (select, number, gaps, layout); the result is independent
of the output format. Gaps are found from the clauses' variable declarations before anything
is rendered, all at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..spec.context import spec_context
from ..spec.model import AgreementSpec
from .gaps import conflict_gaps, find_gaps
from .layout import lay_out
from .library import Library, load_library
from .model import Assembly, Gap
from .number import number_sections
from .select import missing_components, select_clauses
from .wording import localise_library


def assemble(
    spec: AgreementSpec, library: Library | None = None, extra: Iterable[Gap] = ()
) -> Assembly:
    """Build the format-independent agreement for ``spec``.

    ``extra`` are open items from elsewhere (error-level check findings) listed with the gaps.
    """
    lib = localise_library(library or load_library(), spec)
    context = spec_context(spec)
    selected = select_clauses(spec, lib, context)
    placeholders = missing_components(spec, lib, selected, context)
    numbering, layout = number_sections(spec, lib, selected, placeholders)
    variables, gaps = find_gaps(spec, selected, context)
    gaps += conflict_gaps(selected, lib)
    return lay_out(spec, selected, numbering, layout, variables, gaps, list(extra))
