"""Write fields into a card's ``co2_eq_emissions`` block, changing no other byte of the file.

This is the editor behind ``track``, ``fill`` and the fixes that add carbon keys. It
works on the parsed card (node offsets from :meth:`YamlDocument.offsets`) and produces
:class:`~hfcarbon_lint.base.diagnostics.Edit` objects in the offsets of the normalised text,
which :func:`~hfcarbon_lint.editing.textedit.apply_edits` maps back to the original
bytes. So comments, key order, quoting, blank lines, CRLF or CR line endings, a BOM
and the whole body survive untouched; new lines use the file's dominant newline.

What it does, by the shape of the card:

* no front matter: a new one (``---``, the block, ``---``) is put before the content;
* front matter without ``co2_eq_emissions``: the block is appended after the last
  top-level entry, with the file's own indentation step (2 when nothing shows one);
* ``co2_eq_emissions`` mapping (block or flow style): missing keys are added after
  its last entry (inside the braces for ``{emissions: 1}``); present keys are kept,
  or replaced in place with ``overwrite=True``. A requested spec key present under a
  misspelt name (``geographic_location``; the one close spec key, as HFC031 says) is
  that key: it is renamed, never written twice; two misspellings of one key are refused;
* the legacy bare number (``co2_eq_emissions: 12.3``) becomes a mapping whose
  ``emissions`` is that number, written as it was (unless ``overwrite``);
* an empty, ``null`` or placeholder value (``TBD``) becomes the new mapping.

A key whose value is a placeholder (empty, ``TBD``, ``[More Information Needed]``…) is
treated as missing and filled. A card whose front matter does not parse, or that the
Hub would not see (a broken fence), is refused with :class:`CardEditError`; so is a
list or other odd value unless ``overwrite``.

Every edit is verified before it is returned: the result is parsed again and must
keep every other top-level key (same order, same values), the body, the kept carbon
keys, and hold exactly the requested values. Anything else raises
:class:`CardEditError`, so a surprising YAML construct can never cost content.

>>> from hfcarbon_lint.parsing.source import SourceText
>>> source = SourceText.from_text("README.md", "---\\nlicense: mit\\n---\\n# Model\\n")
>>> print(apply_carbon_fields(source, {"emissions": 12.5, "source": "CodeCarbon"}).text, end="")
---
license: mit
co2_eq_emissions:
  emissions: 12.5
  source: CodeCarbon
---
# Model
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hfcarbon_lint.base.diagnostics import Edit
from hfcarbon_lint.editing.textedit import apply_edits, encode
from hfcarbon_lint.parsing.card import CARBON_KEY, SPEC_KEYS, ParsedCard, close_spec_keys, parse_card
from hfcarbon_lint.parsing.placeholders import is_placeholder
from hfcarbon_lint.parsing.source import SourceText

FieldValue = str | int | float
DEFAULT_INDENT = 2
MAX_NOTE = 100  # characters of a comment after a written key
# ``---`` then ``---``: an empty front matter the Hub does not see (its regex needs a line between).
_EMPTY_PAIR = re.compile(r"[ \t\n]*+---[ \t]*+\n---[ \t]*+(?:\n|$)")
_ALIAS = re.compile(r"[ \t]*\*[^\s,\[\]{}]+")


class CardEditError(Exception):
    """The card cannot be edited safely; ``message`` says why (and ``line`` where, when known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message if line is None else f"{message} (line {line})")
        self.message = message
        self.line = line


@dataclass(frozen=True)
class CarbonEdit:
    """What :func:`plan_carbon_fields` will change, and the edits that do it."""

    edits: tuple[Edit, ...]
    added: tuple[str, ...]  # keys that were absent or placeholders
    replaced: tuple[str, ...]  # keys whose existing value is overwritten
    kept: tuple[str, ...]  # requested keys whose different existing value is kept (no overwrite)
    created_front_matter: bool = False
    converted_legacy: bool = False  # the old bare value (number or string) became `emissions`
    unchanged: tuple[str, ...] = ()  # requested keys that already hold the requested value
    renamed: tuple[tuple[str, str], ...] = ()  # (misspelt key, spec key): geographic_location was renamed

    @property
    def changed(self) -> bool:
        return bool(self.edits)


@dataclass(frozen=True)
class EditedText:
    text: str  # the new card text, original line endings kept (no BOM: see ``encode``)
    plan: CarbonEdit


def set_carbon_fields(source: SourceText, fields: Mapping[str, FieldValue], overwrite: bool = False) -> list[Edit]:
    """The edits that write ``fields`` into ``co2_eq_emissions`` (see :func:`plan_carbon_fields`)."""
    return list(plan_carbon_fields(source, fields, overwrite).edits)


def apply_carbon_fields(source: SourceText, fields: Mapping[str, FieldValue], overwrite: bool = False) -> EditedText:
    """The card text with ``fields`` written, as :func:`apply_edits` renders it."""
    plan = plan_carbon_fields(source, fields, overwrite)
    return EditedText(apply_edits(source, plan.edits), plan)


def edit_card_bytes(
    path: str, raw: bytes, fields: Mapping[str, FieldValue], overwrite: bool = False
) -> tuple[bytes, CarbonEdit]:
    """Bytes in, bytes out: the card with ``fields`` written (BOM and line endings as they were)."""
    source = SourceText.from_bytes(path, raw)
    edited = apply_carbon_fields(source, fields, overwrite)
    return encode(source, edited.text), edited.plan


def plan_carbon_fields(
    source: SourceText,
    fields: Mapping[str, FieldValue],
    overwrite: bool = False,
    notes: Mapping[str, str] | None = None,
    card: ParsedCard | None = None,
) -> CarbonEdit:
    """Plan and verify the edits that write ``fields`` into the card's ``co2_eq_emissions``.

    ``fields`` maps carbon keys (``emissions`` in grams, ``source``, ``training_type``,
    ``geographical_location``, ``hardware_used`` or tool keys) to strings or numbers;
    they are written in the spec's key order. Existing keys are kept unless
    ``overwrite``; placeholder values count as missing. ``notes`` are YAML comments put
    after a new key's line (block style only; one line each, see :func:`comment_text`):
    where a value came from. ``card``: ``source`` already parsed (a rule planning its fix has it).
    Raises :class:`CardEditError`.
    """
    ordered = _ordered_fields(fields)
    comments = {key: f"  # {comment_text(note)}" for key, note in (notes or {}).items() if comment_text(note)}
    if card is None or card.source is not source:
        card = parse_card(source)
    plan = _Planner(source, card, ordered, overwrite, comments=comments).plan()
    if plan.edits:
        try:
            _verify(card, apply_edits(source, plan.edits), ordered, plan)
        except CardEditError:
            # A block scalar (``description: |``) ending the front matter has no final line
            # break, so a line appended after it adds one to its value: insert before it.
            plan = _Planner(source, card, ordered, overwrite, before_last=True, comments=comments).plan()
            _verify(card, apply_edits(source, plan.edits), ordered, plan)
    return plan


def comment_text(note: str) -> str:
    """``note`` as the text of a one-line YAML comment, or "" when it cannot be one.

    Every character YAML or the Hub could take as a line break or a control is a space,
    and a note that could read as a suppression directive (``# hfcarbon-lint: ignore``)
    is not written: a comment explains, it never silences.
    """
    text = " ".join("".join(char if char.isprintable() else " " for char in note).split())
    if "hfcarbon-lint" in text.lower():
        return ""
    return text if len(text) <= MAX_NOTE else text[: MAX_NOTE - 1].rstrip() + "…"


def yaml_scalar(value: FieldValue, flow: bool = False) -> str:
    """A YAML scalar that reads back as ``value``: plain when that is safe, else double-quoted.

    Numbers are written in plain decimal notation (never ``1e-05``, which YAML 1.1 reads
    as a string). ``flow=True`` also quotes text that would break a ``{...}`` mapping.
    """
    if isinstance(value, bool):
        raise TypeError("booleans are not carbon values")
    if isinstance(value, (int, float)):
        return format_number(value)
    text = str(value)
    if _plain_is_safe(text, flow):
        return text
    return json.dumps(text, ensure_ascii=False)


def format_number(value: float | int) -> str:
    """``value`` in plain decimal notation, as short as its repr allows (1240.0 -> 1240, 1.2e-05 -> 0.000012)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------- internals


def _ordered_fields(fields: Mapping[str, FieldValue]) -> dict[str, FieldValue]:
    for key, value in fields.items():
        if not isinstance(key, str) or not key:
            raise ValueError(f"invalid carbon key {key!r}")
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(f"{key}: a carbon value must be a string or a number, not {type(value).__name__}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{key}: not a finite number ({value!r})")
        if isinstance(value, str) and not value.strip():
            raise ValueError(f"{key}: empty text")
    known = [key for key in SPEC_KEYS if key in fields]
    extra = [key for key in fields if key not in SPEC_KEYS]
    return {key: fields[key] for key in known + extra}


def _plain_is_safe(text: str, flow: bool) -> bool:
    if text != text.strip() or "\n" in text or "\r" in text or not text:
        return False
    if any(ord(char) < 0x20 or char in "\x7f\x85\u2028\u2029\ufeff" for char in text):
        return False
    document = f"{{k: {text}}}" if flow else f"k: {text}"
    try:
        loaded = yaml.safe_load(document)
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and list(loaded) == ["k"] and loaded["k"] == text


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and is_placeholder(value))


@dataclass
class _Planner:
    source: SourceText
    card: ParsedCard
    fields: dict[str, FieldValue]
    overwrite: bool
    before_last: bool = False  # insert new entries before a mapping's last entry, not after it
    comments: Mapping[str, str] = field(default_factory=dict)  # "  # note" after a new key's line

    def _line_for(self, indent: int, key: str, value: FieldValue) -> str:
        return " " * indent + f"{key}: {yaml_scalar(value)}" + self.comments.get(key, "")

    @property
    def text(self) -> str:
        return self.source.text

    # ---- entry point

    def plan(self) -> CarbonEdit:
        card = self.card
        if card.fence_problem is not None and _EMPTY_PAIR.match(self.text):
            return self._fill_empty_pair()
        if card.fence_problem is not None:
            fence = card.fence_problem
            raise CardEditError(f"the Hub does not see this card's front matter: {fence.message}", fence.line)
        if card.yaml_problem is not None:
            problem = card.yaml_problem
            raise CardEditError(
                f"the front matter does not parse, so it cannot be edited safely: {problem.message}",
                problem.span.start.line,
            )
        if card.block is None or card.doc is None or card.doc.root is None:
            return self._new_front_matter()
        root = card.doc.root
        carbon = card.carbon
        if carbon is None:
            return self._append_block(root)
        if isinstance(carbon.node, MappingNode):
            return self._fill_mapping(carbon.node)
        return self._replace_scalar_or_other()

    # ---- the four shapes

    def _new_front_matter(self) -> CarbonEdit:
        block = "---\n" + "\n".join(self._block_lines(0)) + "\n---\n"
        return CarbonEdit((Edit(0, 0, block),), tuple(self.fields), (), (), created_front_matter=True)

    def _fill_empty_pair(self) -> CarbonEdit:
        """``---`` / ``---`` with nothing between: the block goes between the two fences, both kept."""
        opening_end = self.text.index("\n", self.text.index("---"))
        return CarbonEdit(
            (Edit(opening_end + 1, opening_end + 1, "\n".join(self._block_lines(0)) + "\n"),),
            tuple(self.fields),
            (),
            (),
            created_front_matter=True,
        )

    def _block_lines(self, column: int, step: int = DEFAULT_INDENT) -> list[str]:
        return [" " * column + f"{CARBON_KEY}:"] + [
            self._line_for(column + step, key, value) for key, value in self.fields.items()
        ]

    def _append_block(self, root: MappingNode) -> CarbonEdit:
        added = tuple(self.fields)
        if root.flow_style:
            entries = ", ".join(f"{key}: {yaml_scalar(value, flow=True)}" for key, value in self.fields.items())
            return CarbonEdit((self._flow_insert(root, f"{CARBON_KEY}: {{{entries}}}"),), added, (), ())
        key_column = self._column(root.value[0][0]) if root.value else 0
        lines = self._block_lines(key_column, self._indent_step(root))
        if not root.value:
            # Empty front matter (a blank or comment-only block): write at its end.
            assert self.card.block is not None
            block = self.card.block
            end = block.start_offset + len(block.yaml_text)
            # The opening fence's line break precedes the block, except in ``---\r\n---\r\n``,
            # which the Hub's regex reads as a block opened by ``---\r`` and closed at once.
            prefix = "" if end > 0 and self.text[end - 1] == "\n" else "\n"
            return CarbonEdit((Edit(end, end, prefix + "\n".join(lines)),), added, (), ())
        return CarbonEdit((self._insert_lines(root, lines),), added, (), ())

    def _misspelt(self, key: str) -> str | None:
        """The block's misspelt name for spec key ``key`` (``geographic_location``), if it has one."""
        assert self.card.carbon is not None
        names = [name for name in self.card.carbon.entries if close_spec_keys(name) == [key]]
        if len(names) > 1:
            spelled = " and ".join(repr(name) for name in names)
            line = self._line(self.card.carbon.entries[names[1]].key)
            raise CardEditError(
                f"{CARBON_KEY} has {spelled}, both misspellings of {key!r}: keep one, then run again", line
            )
        return names[0] if names else None

    def _fill_mapping(self, mapping: MappingNode) -> CarbonEdit:
        assert self.card.carbon is not None and self.card.doc is not None
        entries = self.card.carbon.entries
        added: list[str] = []
        replaced: list[str] = []
        kept: list[str] = []
        unchanged: list[str] = []
        renamed: list[tuple[str, str]] = []
        edits: list[Edit] = []
        new_entries: list[tuple[str, FieldValue]] = []
        for key, value in self.fields.items():
            entry = entries.get(key)
            misspelt = self._misspelt(key) if entry is None and key in SPEC_KEYS else None
            if misspelt is not None:  # one field, one key: rename it rather than add a second
                entry = entries[misspelt]
                start, end = self.card.doc.offsets(entry.key)
                edits.append(Edit(start, end, key))
                renamed.append((misspelt, key))
            if entry is None:
                added.append(key)
                new_entries.append((key, value))
            elif _same(entry.value, value):
                unchanged.append(key)
            elif _is_missing(entry.value) or self.overwrite:
                (added if _is_missing(entry.value) else replaced).append(key)
                edits.append(self._replace_value(entry.key, entry.node, value, flow=bool(mapping.flow_style)))
            else:
                kept.append(key)
        if new_entries:
            if mapping.flow_style or not mapping.value:
                text = ", ".join(f"{key}: {yaml_scalar(value, flow=True)}" for key, value in new_entries)
                edits.append(self._flow_insert(mapping, text))
            else:
                column = self._column(mapping.value[0][0])
                lines = [self._line_for(column, key, value) for key, value in new_entries]
                edits.append(self._insert_lines(mapping, lines))
        return CarbonEdit(
            tuple(edits),
            tuple(added),
            tuple(replaced),
            tuple(kept),
            unchanged=tuple(unchanged),
            renamed=tuple(renamed),
        )

    def _replace_scalar_or_other(self) -> CarbonEdit:
        """The legacy bare number, a string, null, a placeholder, a list: turn it into the mapping."""
        assert self.card.carbon is not None and self.card.doc is not None and self.card.doc.root is not None
        carbon = self.card.carbon
        node = carbon.node
        value = carbon.value
        in_flow = bool(self.card.doc.root.flow_style)
        keep_text: str | None = None  # the old value, written as emissions
        if isinstance(node, ScalarNode) and not _is_missing(value) and carbon.form in ("number", "string"):
            if "emissions" not in self.fields or not self.overwrite:
                start, end = self.card.doc.offsets(node)
                keep_text = self.text[start:end]
        elif not isinstance(node, ScalarNode) and not self.overwrite:
            kind = "a list" if isinstance(node, SequenceNode) else "not a mapping"
            raise CardEditError(
                f"{CARBON_KEY} is {kind}; pass overwrite (--overwrite) to replace it with the mapping form",
                self.card.span(node).start.line,
            )
        entries: list[tuple[str, str]] = []
        added: list[str] = []
        replaced: list[str] = []
        kept: list[str] = []
        unchanged: list[str] = []
        if keep_text is not None:
            entries.append(("emissions", keep_text))
            if "emissions" in self.fields:
                (unchanged if _same(value, self.fields["emissions"]) else kept).append("emissions")
        for key, wanted in self.fields.items():
            if key == "emissions" and keep_text is not None:
                continue
            entries.append((key, yaml_scalar(wanted, flow=in_flow)))
            if key == "emissions" and isinstance(node, ScalarNode) and not _is_missing(value):
                replaced.append(key)
            else:
                added.append(key)
        converted = keep_text is not None
        key_end = self.card.doc.offsets(carbon.key)[1]
        colon = self._colon_after(key_end)
        start, end = self.card.doc.offsets(node)
        empty = isinstance(node, ScalarNode) and (end <= start or (node.value == "" and not node.style))
        if in_flow:
            mapping = "{" + ", ".join(f"{key}: {text}" for key, text in entries) + "}"
            if empty:
                return CarbonEdit((Edit(colon + 1, colon + 1, " " + mapping),), tuple(added), (), (), False, False)
            return CarbonEdit(
                (Edit(start, end, mapping),),
                tuple(added),
                tuple(replaced),
                tuple(kept),
                False,
                converted,
                tuple(unchanged),
            )
        step = self._indent_step(self.card.doc.root)
        key_column = self._column(carbon.key)
        if empty:
            # `co2_eq_emissions:  # comment`: the comment stays on the key's line.
            indent = " " * (key_column + step)
            body = "".join(f"\n{indent}{key}: {text}" for key, text in entries)
            position = self._line_end(colon)
            return CarbonEdit((Edit(position, position, body),), tuple(added), (), ())
        end = self._node_content_end(node)
        same_line = "\n" not in self.text[colon:start]
        if same_line or self._column(node) <= key_column:
            # `co2_eq_emissions: 12.3  # comment`: the first entry keeps the line's comment.
            indent = " " * (key_column + step)
            first_key, first_text = entries[0]
            edits = [Edit(colon + 1, end, f"\n{indent}{first_key}: {first_text}")]
        else:
            # The value already sits on its own line: write the mapping there, at its indentation.
            indent = " " * (self._column(node))
            first_key, first_text = entries[0]
            edits = [Edit(start, end, f"{first_key}: {first_text}")]
        if len(entries) > 1:
            position = self._line_end(end)
            rest = "".join(f"\n{indent}{key}: {text}" for key, text in entries[1:])
            edits.append(Edit(position, position, rest))
        return CarbonEdit(tuple(edits), tuple(added), tuple(replaced), tuple(kept), False, converted, tuple(unchanged))

    # ---- edit helpers

    def _insert_lines(self, mapping: MappingNode, lines: list[str]) -> Edit:
        """New entry lines after the mapping's last entry (or, with ``before_last``, before it)."""
        assert self.card.doc is not None
        if not self.before_last:
            position = self._line_end(self._mapping_content_end(mapping))
            return Edit(position, position, "\n" + "\n".join(lines))
        key_start = self.card.doc.offsets(mapping.value[-1][0])[0]
        line_start = self.text.rfind("\n", 0, key_start) + 1
        if self.text[line_start:key_start].strip():
            raise CardEditError("cannot place the new keys in this mapping", self.source.position(key_start).line)
        return Edit(line_start, line_start, "\n".join(lines) + "\n")

    def _replace_value(self, key: ScalarNode, node: Node, value: FieldValue, flow: bool) -> Edit:
        assert self.card.doc is not None
        text = yaml_scalar(value, flow=flow)
        start, end = self.card.doc.offsets(node)
        key_end = self.card.doc.offsets(key)[1]
        empty = isinstance(node, ScalarNode) and end <= start
        if empty or start < key_end:  # an empty value, or an alias pointing elsewhere
            colon = self._colon_after(key_end)
            if empty:
                stop = self._trim_comment(colon + 1, self._line_end(colon))
            else:
                alias = _ALIAS.match(self.text, colon + 1)
                if alias is None:
                    raise CardEditError(f"could not find the value of {key.value}", self.card.span(key).start.line)
                stop = alias.end()
            return Edit(colon + 1, stop, " " + text)
        if isinstance(node, ScalarNode) and node.style in (None, "", "'", '"'):
            return Edit(start, self._node_content_end(node), text)
        # A block scalar or a collection: replace everything after the colon.
        colon = self._colon_after(key_end)
        return Edit(colon + 1, self._node_content_end(node), " " + text)

    def _flow_insert(self, mapping: MappingNode, entries_text: str) -> Edit:
        assert self.card.doc is not None
        start, end = self.card.doc.offsets(mapping)
        closing = self.text.rfind("}", start, end)
        if closing == -1:
            raise CardEditError(
                "could not find the closing brace of a flow mapping", self.card.span(mapping).start.line
            )
        separator = ", " if mapping.value else ""
        # A trailing comma ({a: 1,}) already separates.
        before = self.text[start + 1 : closing].rstrip()
        if before.endswith(","):
            separator = " "
        return Edit(closing, closing, separator + entries_text)

    def _colon_after(self, offset: int) -> int:
        colon = self.text.find(":", offset)
        if colon == -1:
            raise CardEditError("could not find the ':' after a key", self.source.position(offset).line)
        return colon

    def _trim_comment(self, start: int, stop: int) -> int:
        """Stop before a ``# comment`` on the rest of the line, so it is kept."""
        segment = self.text[start:stop]
        for index, char in enumerate(segment):
            if char == "#" and (index == 0 or segment[index - 1] in " \t"):
                return start + len(segment[:index].rstrip(" \t")) if segment[:index].strip() else start
        return stop

    def _line_end(self, offset: int) -> int:
        newline = self.text.find("\n", offset)
        return len(self.text) if newline == -1 else newline

    def _column(self, node: Node) -> int:
        """0-based column of a node's first character."""
        return self.card.span(node).start.column - 1

    def _node_content_end(self, node: Node) -> int:
        """Offset just after the last character that belongs to ``node`` (no trailing blanks or comments)."""
        assert self.card.doc is not None
        start, end = self.card.doc.offsets(node)
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            return self._mapping_content_end(node)
        if isinstance(node, SequenceNode) and not node.flow_style and node.value:
            return max(start, *(self._node_content_end(item) for item in node.value if self._follows(item, start)))
        segment = self.text[start:end]
        return start + len(segment.rstrip(" \t\n"))

    def _mapping_content_end(self, mapping: MappingNode) -> int:
        assert self.card.doc is not None
        best = self.card.doc.offsets(mapping)[0]
        for key, value in mapping.value:
            key_end = self.card.doc.offsets(key)[1]
            best = max(best, key_end)
            value_start, value_end = self.card.doc.offsets(value)
            empty = isinstance(value, ScalarNode) and value_end <= value_start
            if value_start >= key_end and not empty:  # not an alias, not an empty value
                best = max(best, self._node_content_end(value))
        return best

    def _follows(self, node: Node, offset: int) -> bool:
        assert self.card.doc is not None
        return self.card.doc.offsets(node)[0] >= offset

    def _indent_step(self, root: MappingNode) -> int:
        """The file's indentation step: the most common offset of nested block mappings (else sequences)."""
        mapping_steps: Counter[int] = Counter()
        sequence_steps: Counter[int] = Counter()
        seen: set[int] = set()
        stack: list[Node] = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, MappingNode) and not node.flow_style:
                for key, value in node.value:
                    if isinstance(value, MappingNode) and not value.flow_style and value.value:
                        step = self._column(value.value[0][0]) - self._column(key)
                        if step > 0 and self._line(value.value[0][0]) > self._line(key):
                            mapping_steps[step] += 1
                    elif isinstance(value, SequenceNode) and not value.flow_style and value.value:
                        first = value.value[0]
                        step = self._column(first) - 2 - self._column(key)
                        if step > 0 and self._line(first) > self._line(key):
                            sequence_steps[step] += 1
                    stack.append(value)
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
        for steps in (mapping_steps, sequence_steps):
            if steps:
                return max(steps.items(), key=lambda item: (item[1], -item[0]))[0]
        return DEFAULT_INDENT

    def _line(self, node: Node) -> int:
        return self.card.span(node).start.line


def _same(existing: Any, new: FieldValue) -> bool:
    if isinstance(existing, bool):
        return False
    if isinstance(existing, (int, float)) and isinstance(new, (int, float)):
        return bool(existing == new)  # exact: no OverflowError for an int past the float range
    return isinstance(existing, str) and isinstance(new, str) and existing == new


# --------------------------------------------------------------------------- verification


def _top_level(card: ParsedCard) -> list[tuple[str, Any]]:
    doc = card.doc
    if doc is None or doc.root is None:
        return []
    items: list[tuple[str, Any]] = []
    for key, value in doc.root.value:
        name = key.value if isinstance(key, ScalarNode) else repr(key)
        if name == CARBON_KEY:
            continue
        items.append((name, _construct(card, value)))
    return items


def _construct(card: ParsedCard, node: Node) -> Any:
    assert card.doc is not None
    try:
        return ("value", card.doc.construct(node))
    except Exception:  # noqa: BLE001 - an unconstructable node is compared by its text
        start, end = card.doc.offsets(node)
        return ("text", card.source.text[start:end])


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) or repr(a) == repr(b)
    except Exception:  # noqa: BLE001 - exotic values: fall back to their repr
        return repr(a) == repr(b)


def _verify(before: ParsedCard, new_text: str, fields: dict[str, FieldValue], plan: CarbonEdit) -> None:
    after = parse_card(SourceText.from_text(before.path, new_text), read_body=False)  # the body is compared as text

    def fail(what: str) -> CardEditError:
        return CardEditError(f"refusing to edit the card: the edit would {what} (please report this card)")

    if after.doc is None or after.doc.root is None or after.yaml_problem or after.fence_problem:
        raise fail("leave front matter that does not parse")
    if not _equal(_top_level(before), _top_level(after)):
        raise fail("change other front matter keys")
    body_start = before.body_offset
    pair = _EMPTY_PAIR.match(before.source.text) if before.fence_problem is not None else None
    if pair is not None:  # "---" "---" filled: what follows the pair was the body and stays so
        body_start = pair.end()
    if after.source.text[after.body_offset :] != before.source.text[body_start:]:
        raise fail("change the card body")
    carbon = after.carbon
    if carbon is None or not isinstance(carbon.node, MappingNode):
        raise fail(f"leave {CARBON_KEY} without a mapping")
    for key in plan.added + plan.replaced:
        entry = carbon.entries.get(key)
        wanted = fields[key]
        if entry is None or not _same(entry.value, wanted):
            raise fail(f"not write {key} as {wanted!r}")
    old = before.carbon
    renamed = dict(plan.renamed)
    if old is not None and isinstance(old.node, MappingNode):
        for old_key, entry in old.entries.items():
            key = renamed.get(old_key, old_key)
            if key in plan.added or key in plan.replaced:
                continue
            if key not in carbon.entries or not _equal(entry.value, carbon.entries[key].value):
                raise fail(f"change {CARBON_KEY}.{key}")
        if any(old_key in carbon.entries for old_key in renamed):
            raise fail("keep a misspelt key beside its spec key")
    elif old is not None and plan.converted_legacy:
        if "emissions" not in carbon.entries or not _equal(old.value, carbon.entries["emissions"].value):
            raise fail("change the legacy emissions number")


__all__ = [
    "CarbonEdit",
    "CardEditError",
    "EditedText",
    "apply_carbon_fields",
    "edit_card_bytes",
    "format_number",
    "plan_carbon_fields",
    "set_carbon_fields",
    "yaml_scalar",
]
