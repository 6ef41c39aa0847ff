"""Rules about the front matter itself: can the Hub read it, and read it the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hfcarbon_lint.base.diagnostics import Applicability, Severity, Span
from hfcarbon_lint.parsing.yaml_doc import duplicate_keys
from hfcarbon_lint.parsing.yaml_versions import describe, same_reading, unambiguous_spelling, yaml12_value
from hfcarbon_lint.rules.base import Finding, LintContext, replace_fix, rule


@rule("HFC000", "internal-error", Severity.ERROR)
def internal_error(ctx: LintContext) -> Iterator[Finding]:
    """hfcarbon-lint itself failed on this card; the card was not fully checked.

    An unexpected exception inside the checks of one card is reported here, at 1:1,
    naming the exception, and the run goes on with the other cards (every output is
    still written). The run exits 2: a card that was not checked cannot pass. Please
    report it with the card; ``HFCARBON_LINT_DEBUG=1`` shows the traceback. Emitted by
    the engine; it cannot be ignored or selected away.
    """
    return iter(())


@rule("HFC001", "invalid-front-matter", Severity.ERROR)
def invalid_front_matter(ctx: LintContext) -> Iterator[Finding]:
    """The YAML front matter cannot be read, so the Hub sees no metadata at all.

    Reported for an opening fence that is not exactly ``---`` (``----``, ``--- x``), a
    block that is never closed or closed by an indented ``---``, YAML syntax errors
    (tabs used for indentation, unbalanced quotes), front matter that is a list or a
    string instead of a mapping, and front matter too large or too deeply nested to
    parse safely. The position is where the parser stopped.

    Fail::

        ---
        license: mit
                <TAB>co2_eq_emissions: 12   # a tab character before the key
        ---

    Pass::

        ---
        license: mit
        co2_eq_emissions: 12
        ---
    """
    card = ctx.card
    if card.fence_problem is not None:
        problem = card.fence_problem
        yield Finding(Span.at(problem.line, problem.column, problem.line, problem.end_column), problem.message)
    if card.yaml_problem is not None:
        yield Finding(card.yaml_problem.span, card.yaml_problem.message)


@rule("HFC002", "duplicate-key", Severity.ERROR)
def duplicate_key(ctx: LintContext) -> Iterator[Finding]:
    """A key appears twice in the same mapping; PyYAML and the Hub silently keep the last one.

    The earlier value is lost without notice, so a card can show one emissions figure
    in the editor and publish another.

    Fail::

        co2_eq_emissions:
          emissions: 12
          emissions: 1200

    Pass::

        co2_eq_emissions:
          emissions: 1200
    """
    doc = ctx.card.doc
    if doc is None:
        return
    for first, later, path in duplicate_keys(doc):
        first_line = doc.span(first).start.line
        yield Finding(
            doc.span(later),
            f"duplicate key {path!r} (first defined on line {first_line}); only this last value is kept",
        )


@rule("HFC003", "yaml-version-ambiguity", Severity.WARNING, fix=Applicability.SAFE)
def yaml_version_ambiguity(ctx: LintContext) -> Iterator[Finding]:
    """A carbon value that YAML 1.1 (PyYAML, huggingface_hub) and YAML 1.2 (the Hub) read differently.

    ``1e3`` is the string '1e3' to PyYAML but the number 1000 to a YAML 1.2 parser;
    ``017`` is 15 (octal) to one and 17 to the other; ``yes`` is a boolean to one and
    a string to the other. Only ``co2_eq_emissions`` is checked.

    Fix (safe): rewrite the number so that both read the same value, e.g. ``1000.0``
    or ``1.0e+3``.

    Fail::

        co2_eq_emissions:
          emissions: 1e3

    Pass::

        co2_eq_emissions:
          emissions: 1000.0
    """
    card = ctx.card
    if card.carbon is None or card.doc is None:
        return
    doc = card.doc
    for node in _plain_scalars(card.carbon.node):
        try:
            yaml11 = doc.construct(node)
        except (yaml.YAMLError, ValueError, TypeError):
            continue  # HFC011 reports values that cannot be built at all
        yaml12 = yaml12_value(node.value)
        if same_reading(yaml11, yaml12):
            continue
        spelling = unambiguous_spelling(yaml11, yaml12)
        fix = None
        advice = "quote it if a string is meant"
        if spelling is not None:
            start, end = doc.offsets(node)
            fix = replace_fix(Applicability.SAFE, f"write {spelling}", start, end, spelling)
            advice = f"write {spelling}"
        yield Finding(
            doc.span(node),
            f"{node.value!r} is {describe(yaml11)} to PyYAML (YAML 1.1, huggingface_hub) "
            f"but {describe(yaml12)} to YAML 1.2 parsers (the Hub); {advice}",
            fix,
        )


@rule("HFC004", "byte-order-mark", Severity.INFO)
def byte_order_mark(ctx: LintContext) -> Iterator[Finding]:
    """The card starts with a UTF-8 byte-order mark, which hides its metadata from some readers.

    huggingface_hub 2.x reads cards as ``utf-8-sig`` and drops the BOM, but the
    front-matter regex allows only whitespace before the opening ``---``, so tools that
    read plain UTF-8 (older clients, ``Path.read_text()``, many front-matter parsers)
    see no metadata. Save the file as UTF-8 without BOM.
    """
    if ctx.card.source.had_bom and ctx.card.block is not None:
        yield Finding(
            Span.at(1, 1, 1, 2),
            "UTF-8 byte-order mark before the front matter; readers that do not strip it see no metadata",
        )


def _plain_scalars(node: Node) -> Iterator[ScalarNode]:
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ScalarNode):
            if not current.style:  # plain (libyaml says "", PyYAML None); quoted scalars are strings everywhere
                yield current
        elif isinstance(current, MappingNode):
            stack.extend(value for _, value in current.value)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)


@rule("HFC005", "unreadable-card", Severity.ERROR)
def unreadable_card(ctx: LintContext) -> Iterator[Finding]:
    """The file is not UTF-8 text (a binary file, or bytes that are not valid UTF-8).

    The Hub reads model cards as UTF-8. The position is the first offending byte.
    Reported by the engine before any parsing, so this check itself never fires.
    """
    return iter(())


@rule("HFC006", "card-too-large", Severity.ERROR)
def card_too_large(ctx: LintContext) -> Iterator[Finding]:
    """The file is larger than the size limit, so it was not read past it.

    Real model cards are under 1 MB; a larger README.md is usually a log or a data
    file by mistake, and reading it whole would cost time and memory for nothing. The
    limit is 10 MiB (10485760 bytes) by default; ``max-card-size`` in the config file
    changes it. Emitted by the engine before any parsing; it cannot be ignored.
    """
    return iter(())
