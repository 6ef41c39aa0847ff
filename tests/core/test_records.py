"""records.NamedTuple behaves as typing.NamedTuple does, without importing typing."""

from __future__ import annotations

import pickle
import typing

import pytest

from hfcarbon_lint import records


def make(base: type) -> type:
    class Point(base):  # type: ignore[misc, valid-type]
        """A point."""

        x: int
        y: int = 0
        label: str = "origin"

        @property
        def norm(self) -> int:
            return abs(self.x) + abs(self.y)

        @classmethod
        def at(cls, x: int) -> Point:
            return cls(x, x)

        def moved(self, dx: int) -> Point:
            return self._replace(x=self.x + dx)

    return Point


OURS, THEIRS = make(records.NamedTuple), make(typing.NamedTuple)


@pytest.mark.parametrize(
    "probe",
    [
        lambda P: P(1),
        lambda P: P(1, 2, "a"),
        lambda P: P(x=3, label="b"),
        lambda P: P.at(4),
        lambda P: P(1).moved(2),
        lambda P: P(-1, 2).norm,
        lambda P: P._fields,
        lambda P: P._field_defaults,
        lambda P: P(1)._asdict(),
        lambda P: P._make([5, 6, "c"]),
        lambda P: P.__doc__,
        lambda P: P.__name__,
        lambda P: P.__mro__[1:],
        lambda P: list(P.__annotations__),
        lambda P: repr(P(1)),
        lambda P: P(1) == (1, 0, "origin"),
        lambda P: hash(P(1)) == hash((1, 0, "origin")),
    ],
)
def test_a_record_behaves_as_a_typing_namedtuple(probe: typing.Callable[[type], object]) -> None:
    assert probe(OURS) == probe(THEIRS)


def test_records_pickle_by_reference_as_workers_need() -> None:
    from hfcarbon_lint.diagnostics import Position, Span

    span = Span(Position(1, 2), Position(3, 4))
    assert pickle.loads(pickle.dumps(span)) == span
    assert type(pickle.loads(pickle.dumps(span))) is Span


def test_the_same_mistakes_are_refused() -> None:
    with pytest.raises(TypeError, match="Non-default namedtuple field y cannot follow default field"):

        class Bad(records.NamedTuple):
            x: int = 0
            y: int

    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):

        class Worse(records.NamedTuple):
            x: int

            def _replace(self) -> None: ...
