"""One component table: core.taxonomy.COMPONENTS. Every other table keyed by component
(how a spec decides it, how the clause library heads it, how the linter recognises it) has
exactly its ids, so adding or renaming a component cannot leave one of them behind."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agreement_builder.core.resources import data_dir
from agreement_builder.core.taxonomy import COMPONENTS, KINDS

TABLES = [
    data_dir("rules") / "components.yaml",  # spec presence: the rule engine
    data_dir("clauses") / "_components.yaml",  # article order and headings: the assembler
    data_dir("rules") / "signals.yaml",  # headings and substance: the document linter
]


def test_ids_are_unique_snake_case() -> None:
    for ids in (COMPONENTS, KINDS):
        assert len(set(ids)) == len(ids)
        assert all(i.isidentifier() and i == i.lower() for i in ids)


@pytest.mark.parametrize("table", TABLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_component_table_has_exactly_the_taxonomy_ids(table: Path) -> None:
    keys = set(yaml.safe_load(table.read_text(encoding="utf-8")))
    assert keys - set(COMPONENTS) == set(), f"{table}: ids the taxonomy does not have"
    assert set(COMPONENTS) - keys == set(), f"{table}: taxonomy ids it lacks"


def test_profiles_name_only_taxonomy_components_and_kinds() -> None:
    profiles = yaml.safe_load((data_dir("rules") / "profiles.yaml").read_text(encoding="utf-8"))
    assert set(profiles) - {"all"} <= set(KINDS)
    for profile in profiles.values():
        for key, ids in profile.items():
            assert set(ids) <= set(COMPONENTS), (key, set(ids) - set(COMPONENTS))
