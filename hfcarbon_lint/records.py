"""``NamedTuple`` and ``TYPE_CHECKING`` for the check path, without importing typing.

Type checkers see ``typing.NamedTuple`` (``TYPE_CHECKING`` is False at run time and
True for them). At run time a class statement builds a ``collections.namedtuple`` from
the annotations' order and the defaults, then copies the methods, properties and
docstring onto it: what ``typing.NamedTuple`` does, minus importing typing and minus
evaluating every annotation (strings under ``from __future__ import annotations``),
which for the forty records a check loads was about 8 ms of a 65 ms run. Modules on
the check path import typing names under ``if TYPE_CHECKING:`` only;
tests/core/test_imports.py holds that, and test_records.py holds the equivalence.
"""

from __future__ import annotations

TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import collections

    # As in typing: attributes a record may not define, and namespace entries not copied.
    _PROHIBITED = frozenset(
        {
            "__new__",
            "__init__",
            "__slots__",
            "__getnewargs__",
            "_fields",
            "_field_defaults",
            "_make",
            "_replace",
            "_asdict",
            "_source",
        }
    )
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _RecordMeta(type):
        def __new__(mcs, typename: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            if not bases:  # the NamedTuple base class itself
                return super().__new__(mcs, typename, bases, namespace)
            annotations = dict(namespace.get("__annotations__", {}))
            defaults = []
            for field in annotations:
                if field in namespace:
                    defaults.append(namespace[field])
                elif defaults:
                    raise TypeError(f"Non-default namedtuple field {field} cannot follow default field")
            record = collections.namedtuple(typename, annotations, defaults=defaults, module=namespace["__module__"])
            record.__annotations__ = annotations
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in record._fields:
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_RecordMeta):
        """Base of a record class: ``class Point(NamedTuple): x: int; y: int = 0``."""


__all__ = ["TYPE_CHECKING", "NamedTuple"]
