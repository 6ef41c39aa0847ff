"""base.records.Record: the value semantics the NamedTuples it replaced had, and no more."""

from __future__ import annotations

import pickle

import pytest

from hfcarbon_lint.base.records import Record
from hfcarbon_lint.lint.discovery import EmptyFolder, LocalTarget, MissingTarget, UnreadTarget


class Point(Record):
    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int | None = None) -> None:
        self.x = x
        self.y = y


def test_equal_records_have_the_same_type_and_fields() -> None:
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(1, 3)
    assert MissingTarget("a", "b") != EmptyFolder("a", "b")  # a NamedTuple compared as a bare tuple
    assert Point(1, 2) != (1, 2)
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2


def test_a_subclass_has_its_bases_fields() -> None:
    assert MissingTarget._fields == UnreadTarget._fields == ("display", "reason")
    assert repr(MissingTarget("README.md", "no such file")) == "MissingTarget(display='README.md', reason='no such file')"
    assert repr(Point(1)) == "Point(x=1, y=None)"


def test_a_record_pickles_to_a_worker_and_back() -> None:
    for record in (Point(1, 2), LocalTarget("a/README.md", "a/README.md"), EmptyFolder("d", "no model cards")):
        assert pickle.loads(pickle.dumps(record)) == record


def test_a_record_is_not_a_sequence() -> None:
    with pytest.raises(TypeError):
        _x, _y = Point(1, 2)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Point(1, 2).z = 3  # type: ignore[attr-defined]
