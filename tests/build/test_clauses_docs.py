"""docs/clauses.md is generated from the clause library and kept current."""

from __future__ import annotations

import shutil
from pathlib import Path

from agreement_builder.build.docs import clauses_markdown
from agreement_builder.build.library import default_library_dir, load_library

from ..conftest import ROOT


def test_clauses_docs_page_is_current() -> None:
    page = ROOT / "docs" / "clauses.md"
    assert page.read_text(encoding="utf-8") == clauses_markdown(load_library()), (
        "docs/clauses.md is stale; regenerate it: python -m agreement_builder.build.docs"
    )


def test_clauses_page_lists_every_clause_with_its_variables_and_source() -> None:
    library = load_library()
    page = clauses_markdown(library)
    for clause in library.clauses:
        assert f"\n### {clause.id}\n" in page, clause.id
        assert f"](#{clause.id.replace('.', '').lower()})" in page, clause.id
    section = page.split("\n### termination.defaulting_party\n", 1)[1].split("\n### ", 1)[0]
    assert "**Default by One Party** (kinds: all; placement: article)" in section
    assert (
        "- Applies when: `exit and parties \\| length >= 3 and exit.defaulting_party is not na`"
        in section
    )
    assert "  - `exit.defaulting_party.valuation` (text, optional): how the interest" in section
    assert "- Defines: Defaulting Party, Continuing Parties" in section
    assert "- Source: our own drafting; docs/playbook.md P57" in section


def test_clauses_page_follows_the_library(tmp_path: Path) -> None:
    """A change to a clause file changes the page: it is made from the files, not kept by hand."""
    root = tmp_path / "clauses"
    shutil.copytree(default_library_dir(), root)
    clause = root / "general_provisions" / "relationship.clause"
    text = clause.read_text(encoding="utf-8")
    clause.write_text(
        text.replace("title: Relationship of the Parties", "title: Relationship | Changed", 1),
        encoding="utf-8",
    )
    page = clauses_markdown(load_library(root))
    assert "**Relationship \\| Changed** (kinds: all; placement: article)" in page
    assert page != clauses_markdown(load_library())
