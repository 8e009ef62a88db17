"""Which files a folder run covers: every supported file, in order, and every path it could
not or would not read reported in its place (never skipped without a word)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.read import Skipped, collect_files

TEXT = "1. Term. This Agreement lasts two (2) years.\n"


def _names(items) -> list[str]:
    return [f"skipped:{i.path.name}" if isinstance(i, Skipped) else i.name for i in items]


def test_order_is_files_first_then_subfolders_in_name_order(tmp_path: Path) -> None:
    for rel in ("b.txt", "a.md", "z/c.txt", "m/d.txt", "m/n/e.txt", "m/f.pdf.txt", "x.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(TEXT)
    assert _names(collect_files([tmp_path])) == [
        "a.md",
        "b.txt",
        "d.txt",
        "f.pdf.txt",
        "e.txt",
        "c.txt",
    ]


def test_a_link_out_of_the_folder_is_reported_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET " + TEXT)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "leakdir").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # stays inside: read
    (folder / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    assert _names(collect_files([folder])) == [
        "a.txt",
        "skipped:broken.txt",
        "inside.txt",
        "skipped:leak.txt",
        "skipped:leakdir",
    ]
    reports = list(api.lint([folder]))
    leak = next(r for r in reports if r.path.endswith("leak.txt"))
    assert [f.code for f in leak.findings] == ["DOC003"]
    assert "leads outside the folder given" in leak.findings[0].message
    assert all("SECRET" not in (f.location.excerpt or "") for r in reports for f in r.findings)


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(TEXT)
    real = os.scandir

    def scandir(path):  # as chmod 000 does for anyone but root
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(collect_files([tmp_path]))
    assert _names(items) == ["a.txt", "skipped:locked"]
    assert "folder cannot be read (Permission denied)" in items[1].reason


def test_a_folder_nested_1100_deep_is_walked_without_recursion(tmp_path: Path) -> None:
    deep = str(tmp_path)
    try:
        for _ in range(1100):  # one by one: mkdir(parents=True) itself recurses
            deep = os.path.join(deep, "d")
            os.mkdir(deep)
    except OSError as exc:  # pragma: no cover - a file system with short path limits
        pytest.skip(f"cannot make the folder: {exc}")
    try:
        Path(deep, "bottom.txt").write_text(TEXT)
        assert _names(collect_files([tmp_path])) == ["bottom.txt"]
    finally:  # bottom up, one by one: pytest's own clean-up (shutil.rmtree) recurses
        Path(deep, "bottom.txt").unlink(missing_ok=True)
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)
