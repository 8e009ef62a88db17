"""core.memo.by_identity: one computation per argument object, never a stale one."""

from __future__ import annotations

from agreement_builder.core.memo import by_identity


class Thing:
    def __init__(self, name: str) -> None:
        self.name = name


def test_same_objects_compute_once_and_new_objects_again() -> None:
    calls: list[str] = []

    @by_identity(size=2)
    def shout(thing: Thing) -> str:
        calls.append(thing.name)
        return thing.name.upper()

    a, b, c = Thing("a"), Thing("b"), Thing("c")
    assert [shout(a), shout(a), shout(b), shout(a)] == ["A", "A", "B", "A"]
    assert calls == ["a", "b"]
    shout(c)  # a was used last, so b is the one dropped
    shout(a)
    shout(b)
    assert calls == ["a", "b", "c", "b"]


def test_an_equal_but_different_object_is_not_a_hit() -> None:
    @by_identity()
    def size(items: list[int]) -> int:
        return len(items)

    first = [1, 2]
    assert size(first) == 2
    second = [1, 2, 3]
    assert size(second) == 3
    assert size([1, 2]) == 2  # equal to first, but a new object: computed
