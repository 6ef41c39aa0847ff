"""Parsing the front matter YAML into position-carrying nodes, the way huggingface_hub reads it.

We compose a node tree (libyaml when available) instead of calling ``safe_load`` so
every key and value keeps its place in the file, duplicate keys can be reported
(PyYAML silently keeps the last), and only the values a rule needs are constructed.
Values are built with PyYAML's safe constructor: the same YAML 1.1 reading that
huggingface_hub applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hfcarbon_lint.base.diagnostics import Position, Span
from hfcarbon_lint.parsing.frontmatter import FrontMatterBlock
from hfcarbon_lint.parsing.source import SourceText

_SAFE_TAGS = frozenset(tag for tag in yaml.SafeLoader.yaml_constructors if tag is not None)
# yaml.SafeLoader's implicit resolvers by first character, wildcard resolvers appended, as Resolver.resolve reads them.
_RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers
_WILDCARD = tuple(_RESOLVERS.get(None, ()))
_IMPLICIT = {first: (*resolvers, *_WILDCARD) for first, resolvers in _RESOLVERS.items() if first is not None}
# Scalar tags whose construction can fail on a value the scanner accepted (!!bool maybe,
# !!timestamp abc, 2001-13-45, an int of more digits than int() takes): yaml.safe_load then
# raises, so huggingface_hub and the Hub reject the whole front matter.
_FALLIBLE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp", "binary", "null", "merge", "value")
)
_TIMESTAMP, _INT, _MERGE = "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:merge"
_LONG_INT = 4000  # digits; Python's int() refuses more than 4300 in base 10
_STR, _SEQ, _MAP = (
    yaml.SafeLoader.DEFAULT_SCALAR_TAG,
    yaml.SafeLoader.DEFAULT_SEQUENCE_TAG,
    yaml.SafeLoader.DEFAULT_MAPPING_TAG,
)


class _LibyamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader with SafeLoader's tag resolution written out for speed.

    libyaml calls ``resolve`` from C once per node; the generic version (path resolvers,
    list concatenation on every call) was a tenth of a corpus run. The result is the
    same (a test compares both); it also notes an implicit tag yaml.safe_load cannot
    construct (``=``, ``<<`` as a value), so the walk knows when to check tags.
    """

    unsafe_implicit_tag = False

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        if tag not in _SAFE_TAGS or tag == _TIMESTAMP or (tag == _INT and len(value) > _LONG_INT):
                            self.unsafe_implicit_tag = True  # the walk checks every node
                        return str(tag)
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


# Bounds that keep hostile input (deep nesting, huge blocks) cheap and crash-free.
MAX_FRONT_MATTER_CHARS = 1_000_000
MAX_NESTING = 200
# YAML (both loaders) also breaks lines at NEL, LS and PS; read_text() does not. Those three are
# not ASCII, and a set beyond Latin-1 costs about 1 ms to compile, so an ASCII text (most fronts)
# is split at "\n" alone and the full pattern is compiled by re's cache when a text needs it.
_YAML_LINE_BREAK = "\n|\x85|\u2028|\u2029"


class YamlProblem(Exception):
    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


@dataclass(slots=True, eq=False)
class YamlDocument:
    """A composed front matter, its root mapping and a way back to file positions."""

    source: SourceText
    block: FrontMatterBlock
    root: MappingNode | None
    _loader: Any
    _line_starts: list[int] | None = field(default=None, init=False)
    duplicates: list[tuple[ScalarNode, ScalarNode, str]] = field(default_factory=list, init=False)

    def span(self, node: Node) -> Span:
        return Span(self._file_position(node.start_mark), self._file_position(node.end_mark))

    def offsets(self, node: Node) -> tuple[int, int]:
        """Start and end offsets of ``node`` in the normalised text of the whole card."""
        return self._file_offset(node.start_mark), self._file_offset(node.end_mark)

    def key_span(self, key: Node, value: Node | None = None) -> Span:
        """Key start to value end, for diagnostics about a whole entry."""
        end = value.end_mark if value is not None else key.end_mark
        return Span(self._file_position(key.start_mark), self._file_position(end))

    def _file_offset(self, mark: Any) -> int:
        starts = self._yaml_line_starts()
        line = min(mark.line, len(starts) - 1)
        offset = self.block.start_offset + starts[line] + mark.column
        return int(min(offset, len(self.source.text)))

    def _yaml_line_starts(self) -> list[int]:
        # Computed on first use: most cards never need a position.
        if self._line_starts is None:
            text = self.block.yaml_text
            breaks = "\n" if text.isascii() else _YAML_LINE_BREAK
            self._line_starts = [0] + [m.end() for m in re.finditer(breaks, text)]
        return self._line_starts

    def _file_position(self, mark: Any) -> Position:
        return self.source.position(self._file_offset(mark))

    def top_level(self, key: str) -> tuple[ScalarNode, Node] | None:
        """The last entry for ``key``, as PyYAML (and so huggingface_hub) keeps the last."""
        return mapping_get(self.root, key) if self.root is not None else None

    def construct(self, node: Node) -> Any:
        """Build a Python value the way ``yaml.safe_load`` would (raises yaml.YAMLError/ValueError)."""
        # A failed construction leaves PyYAML's bookkeeping half-done; start each one clean.
        self._loader.recursive_objects = {}
        return self._loader.construct_object(node, deep=True)

    def merge_keys(self, node: MappingNode) -> None:
        """Resolve ``<<`` merge keys in place as yaml.safe_load does (raises yaml.YAMLError on a bad merge)."""
        if any(isinstance(key, ScalarNode) and key.tag == _MERGE for key, _ in node.value):
            self._loader.flatten_mapping(node)

    def top_level_value(self, key: str, default: Any = None) -> Any:
        entry = self.top_level(key)
        if entry is None:
            return default
        try:
            return self.construct(entry[1])
        except (yaml.YAMLError, RecursionError, ValueError, TypeError):
            return default


def is_empty_scalar(node: Node) -> bool:
    """``key:`` with nothing after it (null); such a node has no text to point at."""
    return isinstance(node, ScalarNode) and node.value == "" and not node.style


def mapping_get(node: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    found = None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found = (key_node, value_node)
    return found


def parse_yaml(source: SourceText, block: FrontMatterBlock) -> YamlDocument:
    """Compose the block; raise YamlProblem with a file position for anything unparseable."""
    text = block.yaml_text
    start = source.position(block.start_offset)
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise YamlProblem(
            f"front matter is {len(text):,} characters; hfcarbon-lint parses at most {MAX_FRONT_MATTER_CHARS:,}",
            Span(start, start),
        )
    depth_problem = _excessive_nesting(text)
    if depth_problem is not None:
        line = text.count("\n", 0, depth_problem)
        pos = source.position(block.start_offset + depth_problem)
        raise YamlProblem(
            f"front matter nests deeper than {MAX_NESTING} levels (line {line + 1} of the block); refusing to parse it",
            Span(pos, pos),
        )
    # huggingface_hub calls yaml.safe_load: the pure-Python SafeLoader. libyaml (12x faster)
    # agrees with it except around tabs, which libyaml accepts where PyYAML refuses them
    # (real cards fail on the Hub for exactly that), so tabs take the reference loader.
    try:
        # The pure-Python reader checks for control characters already when it is built.
        loader = (yaml.SafeLoader if "\t" in text else _LibyamlLoader)(text)
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        pos = source.position(block.start_offset + position) if isinstance(position, int) else start
        raise YamlProblem(f"YAML syntax error: {_one_line(str(exc))}", Span(pos, pos)) from None
    doc = YamlDocument(source, block, None, loader)
    try:
        if "\t" in text:
            _raise_first_tab_error(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        pos = doc._file_position(mark) if mark is not None else start
        raise YamlProblem(f"YAML syntax error: {problem}", Span(pos, pos)) from None
    except yaml.YAMLError as exc:  # ReaderError: control characters and the like
        position = getattr(exc, "position", None)
        pos = source.position(block.start_offset + position) if isinstance(position, int) else start
        raise YamlProblem(f"YAML syntax error: {_one_line(str(exc))}", Span(pos, pos)) from None
    except RecursionError:
        raise YamlProblem("front matter nests too deeply to parse", Span(start, start)) from None
    if node is None:
        doc.root = MappingNode("tag:yaml.org,2002:map", [])
        return doc
    if not isinstance(node, MappingNode):
        kind = "a list" if isinstance(node, SequenceNode) else f"a {_scalar_kind(node)}"
        raise YamlProblem(
            f"front matter is {kind}, not a mapping of keys; the Hub rejects it (huggingface_hub raises ValueError)",
            doc.span(node),
        )
    doc.root = node
    # Tags need checking only if the text writes one ("!") or an unconstructable implicit
    # tag was resolved; shared nodes exist only with anchors ("&"). Else only keys matter.
    every_node = not isinstance(loader, _LibyamlLoader) or loader.unsafe_implicit_tag or "!" in text or "&" in text
    doc.duplicates = _walk(doc, every_node)
    # A top-level "<<: *defaults" (or "<<: {co2_eq_emissions: ...}") gives huggingface_hub those
    # keys; resolved after the walk, so merged keys are not reported as duplicates.
    try:
        doc.merge_keys(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pos = doc._file_position(mark) if mark is not None else start
        raise YamlProblem(
            f"YAML merge key (<<) cannot be resolved: {_one_line(str(getattr(exc, 'problem', exc)))}", Span(pos, pos)
        ) from None
    return doc


_TAB_PROBLEM = "found character '\\t' that cannot start any token"


def _raise_first_tab_error(text: str) -> None:
    """Raise PyYAML's error at the text's first tab when that tab is one PyYAML refuses.

    PyYAML skips only spaces between tokens, so it stops at the first tab outside a quoted
    or block scalar or a comment, and real cards with a tab in their front matter nearly
    all fail there. Its scanner reads sequentially and looks ahead only within a line, so
    parsing the text up to that tab's line raises exactly what parsing all of it would;
    the pure-Python loader then scans a prefix, not the whole front matter. Any other
    outcome (the tab is inside a quoted value, say) is left to the full parse.
    """
    first = text.index("\t")
    line_end = text.find("\n", first)
    if line_end == -1:
        return  # the tab is on the last line: the full parse reads no more than this would
    try:
        yaml.SafeLoader(text[: line_end + 1]).get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is not None and mark.index == first and exc.problem == _TAB_PROBLEM:
            raise
    except yaml.YAMLError:
        pass


def duplicate_keys(doc: YamlDocument) -> list[tuple[ScalarNode, ScalarNode, str]]:
    """(earlier key, later key, dotted path) for every repeated key, at any depth."""
    return doc.duplicates


def _walk(doc: YamlDocument, every_node: bool) -> list[tuple[ScalarNode, ScalarNode, str]]:
    """One pass over the tree: repeated keys at any depth (PyYAML keeps the last silently).

    With ``every_node`` it also visits scalars, refuses tags yaml.safe_load refuses and
    visits a node shared through aliases once (alias bombs); without it, only mappings
    and sequences are visited, which is all a tree without tags or anchors needs.
    """
    found: list[tuple[ScalarNode, ScalarNode, str]] = []
    seen_nodes: set[int] = set()
    stack: list[tuple[Node, str]] = [(doc.root, "")] if doc.root is not None else []
    while stack:
        node, path = stack.pop()
        if every_node:
            if id(node) in seen_nodes:
                continue
            seen_nodes.add(id(node))
            if node.tag not in _SAFE_TAGS:
                raise YamlProblem(
                    f"tag {node.tag!r} cannot be read by yaml.safe_load (huggingface_hub), so the Hub rejects this front matter",
                    doc.span(node),
                )
            if isinstance(node, ScalarNode) and node.tag in _FALLIBLE_TAGS:
                _check_constructible(doc, node)
        if isinstance(node, MappingNode):
            first: dict[str, ScalarNode] = {}
            for key_node, value_node in node.value:
                _check_buildable_entry(doc, key_node, value_node)
                if isinstance(key_node, ScalarNode):
                    name = key_node.value
                    if name not in first:
                        first[name] = key_node
                    elif name != "<<":
                        found.append((first[name], key_node, f"{path}{name}"))
                    if every_node or not isinstance(value_node, ScalarNode):
                        stack.append((value_node, f"{path}{name}."))
        elif isinstance(node, SequenceNode):
            stack.extend(
                (item, f"{path}{index}.")
                for index, item in enumerate(node.value)
                if every_node or not isinstance(item, ScalarNode)
            )
    found.sort(key=lambda item: (item[1].start_mark.line, item[1].start_mark.column))
    return found


_MERGE = "tag:yaml.org,2002:merge"


def _check_buildable_entry(doc: YamlDocument, key: Node, value: Node) -> None:
    """Raise YamlProblem for an entry that parses but that yaml.safe_load cannot build.

    A list or mapping used as a key is unhashable: a template's unfilled ``{{ card_data }}``
    is a mapping inside a mapping, and PyYAML's constructor raises "found unhashable
    key", so huggingface_hub and the Hub reject the front matter. A merge key (``<<``)
    must be given a mapping or a list of mappings.
    """
    if not isinstance(key, ScalarNode):
        kind = "a mapping" if isinstance(key, MappingNode) else "a list"
        hint = " (an unfilled template placeholder such as {{ card_data }}?)" if isinstance(key, MappingNode) else ""
        raise YamlProblem(
            f"{kind} used as a key{hint}: yaml.safe_load cannot build it (unhashable key), "
            "so huggingface_hub and the Hub reject this front matter",
            doc.span(key),
        )
    if key.tag == _MERGE and not (
        isinstance(value, MappingNode)
        or (isinstance(value, SequenceNode) and all(isinstance(item, MappingNode) for item in value.value))
    ):
        raise YamlProblem(
            "a merge key '<<' needs a mapping or a list of mappings: yaml.safe_load cannot build this, "
            "so huggingface_hub and the Hub reject this front matter",
            doc.span(key),
        )


def _check_constructible(doc: YamlDocument, node: ScalarNode) -> None:
    """Raise YamlProblem when yaml.safe_load would fail on this scalar (so the Hub rejects the card)."""
    try:
        doc.construct(node)
    except Exception as exc:  # noqa: BLE001 - PyYAML raises KeyError, AttributeError, ValueError here
        kind = node.tag.rsplit(":", 1)[-1]
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
        raise YamlProblem(
            f"{shown!r} cannot be read as !!{kind} by yaml.safe_load ({type(exc).__name__}), "
            "so huggingface_hub and the Hub reject this front matter",
            doc.span(node),
        ) from None


def _excessive_nesting(text: str) -> int | None:
    """Offset where flow brackets or indentation exceed MAX_NESTING, checked without parsing."""
    if text.count("[") + text.count("{") > MAX_NESTING:
        depth = 0
        for index, char in enumerate(text):
            if char in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    return index
            elif char in "]}":
                depth = max(0, depth - 1)
    deep_indent = re.search(f"^ {{{MAX_NESTING * 8}}}", text, re.MULTILINE)
    return deep_indent.start() if deep_indent else None


def _scalar_kind(node: Node) -> str:
    return {
        "tag:yaml.org,2002:str": "string",
        "tag:yaml.org,2002:int": "number",
        "tag:yaml.org,2002:float": "number",
        "tag:yaml.org,2002:bool": "boolean",
    }.get(node.tag, "scalar")


def _one_line(text: str) -> str:
    return " ".join(text.split())
