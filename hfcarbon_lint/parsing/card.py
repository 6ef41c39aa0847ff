"""A parsed model card: front matter nodes, the carbon block, the body's template lines."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode

from hfcarbon_lint.base.diagnostics import Span
from hfcarbon_lint.parsing.body import BodyField, read_body_fields
from hfcarbon_lint.parsing.frontmatter import FenceProblem, FrontMatterBlock, find_front_matter
from hfcarbon_lint.parsing.placeholders import is_placeholder, strip_examples
from hfcarbon_lint.parsing.quantities import parse_emission_text
from hfcarbon_lint.parsing.source import SourceText
from hfcarbon_lint.parsing.yaml_doc import YamlDocument, YamlProblem, parse_yaml

CARBON_KEY = "co2_eq_emissions"
SPEC_KEYS = ("emissions", "source", "training_type", "geographical_location", "hardware_used")
CONTEXT_KEYS = SPEC_KEYS[1:]
# Keys written by tools into co2_eq_emissions (sentence-transformers' CodeCarbon cards,
# GAISSA's extended form). Not in the spec, but deliberate: never taken for misspellings.
TOOL_EXTENSION_KEYS = frozenset(
    {
        "energy_consumed",
        "on_cloud",
        "cpu_model",
        "gpu_model",
        "ram_total_size",
        "hours_used",
        "power_consumption",
        "training_time",
        "optimization_techniques",
        "cloud_provider",
        "cloud_region",
    }
)


def close_spec_keys(name: str) -> list[str]:
    """Every spec key close to ``name``, closest first (one when only the spacing or case differs).

    None for a spec key or a tool's own key. HFC031 reports these as misspellings; the card
    editor renames one when it is the only close spec key (``geographic_location``).
    """
    if name in SPEC_KEYS or name in TOOL_EXTENSION_KEYS:
        return []
    normalised = re.sub(r"[\s\-]+", "_", name.strip().lower())
    if normalised in SPEC_KEYS:
        return [normalised]
    # difflib is imported here: only a key outside the spec needs it (2 ms of every check's startup).
    import difflib

    return difflib.get_close_matches(normalised, SPEC_KEYS, n=len(SPEC_KEYS), cutoff=0.75)


class Entry(NamedTuple):
    """A key of the carbon mapping, its value node and the value PyYAML builds for it."""

    key: ScalarNode
    node: Node
    value: Any


@dataclass(slots=True, eq=False)
class CarbonBlock:
    """The ``co2_eq_emissions`` entry: its nodes, its value, and its keys when it is a mapping."""

    key: ScalarNode
    node: Node
    value: Any  # what yaml.safe_load gives, as huggingface_hub sees it
    entries: dict[str, Entry] = field(default_factory=dict, init=False)
    # mapping | number | string | null | list | other (the corpus README's vocabulary)
    form: str = field(init=False)

    def __post_init__(self) -> None:
        self.form = self._form()

    def _form(self) -> str:
        value = self.value
        if isinstance(self.node, MappingNode):
            return "mapping"
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "other"
        if isinstance(value, (int, float)):
            return "number"
        if isinstance(value, str):
            return "string"
        if isinstance(value, list):
            return "list"
        return "other"

    @property
    def emissions_node(self) -> Node | None:
        if self.form == "mapping":
            entry = self.entries.get("emissions")
            return entry.node if entry else None
        return self.node

    @property
    def emissions_value(self) -> Any:
        if self.form == "mapping":
            entry = self.entries.get("emissions")
            return entry.value if entry else None
        return self.value


@dataclass(slots=True, eq=False)
class ParsedCard:
    """Everything parse_card found; the parts that are missing or broken stay None."""

    source: SourceText
    block: FrontMatterBlock | None = None
    fence_problem: FenceProblem | None = None
    yaml_problem: YamlProblem | None = None
    doc: YamlDocument | None = None
    carbon: CarbonBlock | None = None
    body_offset: int = 0
    body: dict[str, BodyField] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def has_metadata(self) -> bool:
        return self.doc is not None and self.doc.root is not None

    def span(self, node: Node) -> Span:
        assert self.doc is not None
        return self.doc.span(node)


def parse_card(source: SourceText, read_body: bool = True) -> ParsedCard:
    """The card's front matter, carbon block and tags, and (with ``read_body``) its body's carbon lines.

    The editor re-parses a card it has edited only to compare its front matter, so it skips the body.
    """
    card = ParsedCard(source=source)
    found = find_front_matter(source)
    if isinstance(found, FenceProblem):
        card.fence_problem = found
    elif found is not None:
        card.block = found
        card.body_offset = found.body_offset
        try:
            card.doc = parse_yaml(source, found)
        except YamlProblem as problem:
            card.yaml_problem = problem
    if card.doc is not None:
        card.carbon = _carbon_block(card.doc)
        card.tags = _tags(card.doc)
    carbon = card.carbon
    if not read_body:
        return card
    card.body = read_body_fields(
        source,
        card.body_offset,
        figure_elsewhere=carbon is None or emissions_grams(carbon.emissions_value) is None,
        hardware_elsewhere=_text_entry(carbon, "hardware_used") is None,
    )
    return card


def _text_entry(carbon: CarbonBlock | None, name: str) -> str | None:
    """A usable text value of the carbon mapping's ``name`` key (not a placeholder), else None."""
    if carbon is None or carbon.form != "mapping":
        return None
    entry = carbon.entries.get(name)
    # Only scalars count: str() of an aliased container can be exponentially large.
    if entry is None or not isinstance(entry.value, (str, int, float)) or isinstance(entry.value, bool):
        return None
    text = strip_examples(str(entry.value).strip())
    return text if text and not is_placeholder(text) else None


def _carbon_block(doc: YamlDocument) -> CarbonBlock | None:
    entry = doc.top_level(CARBON_KEY)
    if entry is None:
        return None
    key, node = entry
    if isinstance(node, MappingNode):
        try:
            doc.merge_keys(node)  # "<<: *carbon_defaults" inside the block
        except Exception:  # noqa: BLE001 - the value then cannot be built either; rules say so
            pass
    block = CarbonBlock(key=key, node=node, value=_safe_construct(doc, node))
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                block.entries[key_node.value] = Entry(key_node, value_node, _safe_construct(doc, value_node))
    return block


def _safe_construct(doc: YamlDocument, node: Node) -> Any:
    try:
        return doc.construct(node)
    except Exception:  # noqa: BLE001 - any constructor failure means "not a usable value"
        return _Unconstructable()


class _Unconstructable:
    def __repr__(self) -> str:
        return "<a value PyYAML cannot build>"


def _tags(doc: YamlDocument) -> tuple[str, ...]:
    value = doc.top_level_value("tags")
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(tag) for tag in value if isinstance(tag, (str, int, float)))
    return ()


class CarbonFacts(NamedTuple):
    """What a card reports, metadata first and the body as a fallback (paper-method.md §1.3)."""

    emissions_g: float | None
    emissions_origin: str | None  # "metadata" | "body" | None
    zero_emissions: bool
    source: str | None
    training_type: str | None
    geographical_location: str | None
    hardware_used: str | None
    hardware_origin: str | None

    def as_fields(self) -> dict[str, Any]:
        return {
            "emissions_g": self.emissions_g,
            "source": self.source,
            "training_type": self.training_type,
            "geographical_location": self.geographical_location,
            "hardware_used": self.hardware_used,
        }


def finite_float(value: float) -> float | None:
    """``float(value)`` when it is a finite float; None for inf, nan and ints past the float range."""
    try:
        number = float(value)
    except OverflowError:  # an int of 309 digits or more (decimal, hex, octal or sexagesimal)
        return None
    return number if math.isfinite(number) else None


def emissions_grams(value: Any) -> float | None:
    """Grams from a metadata value: numbers as they are, strings with their unit read."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return finite_float(value)
    if isinstance(value, str) and not is_placeholder(value):
        parsed = parse_emission_text(strip_examples(value))
        return parsed.quantity.grams if parsed else None
    return None


def extract_facts(card: ParsedCard) -> CarbonFacts:
    carbon = card.carbon
    grams: float | None = None
    origin: str | None = None
    if carbon is not None:
        grams = emissions_grams(carbon.emissions_value)
        origin = "metadata" if grams is not None else None
    body_emission = card.body.get("emissions")
    if grams is None and body_emission is not None:
        parsed = body_emission.emission()
        if parsed is not None:
            grams, origin = parsed.quantity.grams, "body"
    if grams is not None and not math.isfinite(grams):  # "1e308 kg" is past the float range in grams
        grams, origin = None, None
    zero = grams is not None and grams == 0
    if grams is not None and grams <= 0:
        grams, origin = None, None  # zero or negative is not a measurement

    def text_field(name: str) -> tuple[str | None, str | None]:
        text = _text_entry(carbon, name)
        if text is not None:
            return text, "metadata"
        body_field = card.body.get(name)
        if body_field is not None and not body_field.is_placeholder and body_field.raw_value:
            return body_field.raw_value, "body"
        return None, None

    hardware, hardware_origin = text_field("hardware_used")
    return CarbonFacts(
        emissions_g=grams,
        emissions_origin=origin,
        zero_emissions=zero,
        source=text_field("source")[0],
        training_type=text_field("training_type")[0],
        geographical_location=text_field("geographical_location")[0],
        hardware_used=hardware,
        hardware_origin=hardware_origin,
    )
