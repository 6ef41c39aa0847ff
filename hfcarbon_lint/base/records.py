"""``Record``: the base of the small value types a check builds (a target, a rule, a location).

Why not ``typing.NamedTuple`` or a dataclass: a check is a fresh process (a pre-commit hook runs
one per commit), so what a module does at import is paid on every run. A NamedTuple class
compiles its ``__new__`` and, under ``from __future__ import annotations``, each field's
annotation, about 0.3 ms a class; a dataclass generates and compiles its methods, about 2 ms. The
forty records a check's modules define cost 12 ms that way, a twentieth of the whole run
(docs/benchmarks.md). A subclass names its fields in ``__slots__`` and assigns them in a typed
``__init__``; ``Record`` gives it equality, a hash and a repr from those fields, as a NamedTuple
had. A record is never changed after it is made: caches share them. Unlike a tuple, a record is
not a sequence (no unpacking, indexing or ordering), which mypy checks at every use.
"""

from __future__ import annotations

from typing import ClassVar


class Record:
    __slots__: tuple[str, ...] = ()
    # Every field, a base class's first: a subclass that adds none declares ``__slots__ = ()``.
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._fields = tuple(name for klass in reversed(cls.__mro__) for name in vars(klass).get("__slots__", ()))

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"
