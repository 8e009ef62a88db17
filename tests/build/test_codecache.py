"""The on-disk cache of compiled templates: same output, trusted only in a private folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import CodeType

import pytest
from docx import Document

from agreement_builder.build import codecache, templating
from agreement_builder.build.codecache import CodeCache

from ..conftest import ROOT

SOURCE = "Either Party may end this Agreement on {{ n | days }} notice."


def _compile() -> CodeType:
    code: CodeType = templating.ENV.compile(SOURCE)
    return code


def _never() -> CodeType:
    raise AssertionError("compiled although the cache holds the code")


def _render(code: CodeType) -> str:
    env = templating.ENV
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return str(template.render(n=30))


def test_code_is_stored_once_and_loaded_by_the_next_run(tmp_path: Path) -> None:
    first = CodeCache(tmp_path / "cache", b"salt").code("template", SOURCE, _compile)
    again = CodeCache(tmp_path / "cache", b"salt").code("template", SOURCE, _never)
    assert (
        _render(again)
        == _render(first)
        == ("Either Party may end this Agreement on thirty (30) days notice.")
    )
    (entry,) = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert oct(entry.stat().st_mode & 0o777) == "0o600"
    for folder in (tmp_path / "cache", entry.parent, entry.parent.parent):
        assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_another_salt_or_source_or_kind_compiles_afresh(tmp_path: Path) -> None:
    calls: list[str] = []

    def counted() -> CodeType:
        calls.append("x")
        return _compile()

    CodeCache(tmp_path, b"one").code("template", SOURCE, counted)
    CodeCache(tmp_path, b"two").code("template", SOURCE, counted)  # a new version of us
    CodeCache(tmp_path, b"one").code("template", SOURCE + " ", counted)
    CodeCache(tmp_path, b"one").code("expression", SOURCE, counted)
    CodeCache(tmp_path, b"one").code("template", SOURCE, counted)  # stored by the first
    assert len(calls) == 4


def test_a_damaged_entry_is_compiled_again_and_replaced(tmp_path: Path) -> None:
    CodeCache(tmp_path, b"s").code("template", SOURCE, _compile)
    (entry,) = [p for p in tmp_path.rglob("*") if p.is_file()]
    for junk in (b"", b"\x00garbage", entry.read_bytes()[:40]):
        entry.write_bytes(junk)
        assert _render(CodeCache(tmp_path, b"s").code("template", SOURCE, _compile))
        assert _render(CodeCache(tmp_path, b"s").code("template", SOURCE, _never))


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_folder_others_can_write_to_is_not_trusted(tmp_path: Path, mode: int) -> None:
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod(mode)
    cache = CodeCache(root, b"s")
    assert not cache.usable()
    calls: list[int] = []
    for _ in range(2):
        cache.code("template", SOURCE, lambda: calls.append(1) or _compile())
    assert len(calls) == 2 and not any(p.is_file() for p in root.rglob("*"))


def test_a_symlinked_cache_folder_is_not_trusted(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    assert not CodeCache(tmp_path / "link", b"s").usable()


def test_no_cache_when_turned_off_or_not_writable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("AGREEMENT_CACHE_DIR", "")
    assert codecache.default_root() is None
    assert not CodeCache(None, b"s").usable()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cache = CodeCache(blocker / "cache", b"s")  # cannot be created: a file is in the way
    assert _render(cache.code("template", SOURCE, _compile)) and not cache.usable()


def test_default_folder_follows_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("AGREEMENT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert codecache.default_root() == tmp_path / "agreement-builder"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert codecache.default_root() == Path.home() / ".cache" / "agreement-builder"
    monkeypatch.setenv("AGREEMENT_CACHE_DIR", str(tmp_path / "mine"))
    assert codecache.default_root() == tmp_path / "mine"


def test_expressions_compile_and_fail_as_jinja_does() -> None:
    expression = templating.compiled_expression("a.b and not c")
    reference = templating.CONDITIONS.compile_expression("a.b and not c")
    for context in ({}, {"a": {"b": 1}}, {"a": {"b": 1}, "c": 1}):
        assert expression(**context) == reference(**context)
    for bad in ("a b", "a +", "x %} {{ y"):
        with pytest.raises(templating.TemplateSyntaxError) as ours:
            templating.compiled_expression(bad)
        with pytest.raises(templating.TemplateSyntaxError) as jinjas:
            templating.CONDITIONS.compile_expression(bad)
        assert ours.value.message == jinjas.value.message


def _build(out: Path, cache: str) -> list[str]:
    env = {**os.environ, "AGREEMENT_CACHE_DIR": cache}
    spec = ROOT / "samples" / "strategic_alliance.yaml"
    subprocess.run(
        [sys.executable, "-m", "agreement_builder", "build", str(spec), "-o", str(out),
         "--format", "docx"],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    return [p.text for p in Document(str(out / "strategic_alliance.docx")).paragraphs]


def test_builds_from_a_cold_and_a_warm_cache_equal_one_without(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    without = _build(tmp_path / "off", "")
    assert not cache.exists()
    cold = _build(tmp_path / "cold", str(cache))
    stored = sorted(p.name for p in cache.rglob("*") if p.is_file())
    assert len(stored) > 50  # the clause templates and their conditions
    warm = _build(tmp_path / "warm", str(cache))
    assert sorted(p.name for p in cache.rglob("*") if p.is_file()) == stored
    assert without == cold == warm and len(without) > 100


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    class TimeUp(Exception):
        pass

    def interrupted(src: str, dst: str) -> None:
        raise TimeUp  # as the library's time limit would, from its signal handler

    cache = CodeCache(tmp_path, b"s")
    monkeypatch.setattr(codecache.os, "replace", interrupted)
    with pytest.raises(TimeUp):
        cache.code("template", SOURCE, _compile)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
