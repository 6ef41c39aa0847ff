"""Model domains for the study: the Hub component's pipeline-tag mapping, plus spellings of a ``domain`` cell.

The mapping itself lives in ``hfcarbon_lint.hub.domains`` (the modality the Hub gives each task
in huggingface.js ``pipelines.ts``), so ``audit --export`` and ``study`` agree on every model.
The paper derived domains from tags through ``metadata/tags_metadata.yaml`` instead
(paper-method.md §3); the Hub now files ``text-to-image`` and ``image-to-text`` under Computer
Vision, and tabular and graph tasks get names of their own.

An export made elsewhere may spell a domain differently ("cv", "Natural Language
Processing"): ``normalise_domain`` maps the usual spellings to ours and keeps anything else.
"""

from __future__ import annotations

from collections.abc import Iterable

from hfcarbon_lint.hub.domains import AUDIO, CV, DOMAINS, MULTIMODAL, NLP, OTHER, RL, TABULAR, domain_of

__all__ = [
    "AUDIO",
    "CV",
    "DOMAINS",
    "MULTIMODAL",
    "NLP",
    "OTHER",
    "RL",
    "TABULAR",
    "domain_from_pipeline_tag",
    "normalise_domain",
]

_ALIASES = {
    "nlp": NLP, "natural language processing": NLP, "natural-language-processing": NLP, "text": NLP,
    "cv": CV, "computer vision": CV, "computer-vision": CV, "vision": CV,
    "audio": AUDIO, "speech": AUDIO,
    "multimodal": MULTIMODAL, "multi-modal": MULTIMODAL,
    "rl": RL, "reinforcement learning": RL, "reinforcement-learning": RL,
    "tabular": TABULAR,
    "other": OTHER,
}  # fmt: skip


def domain_from_pipeline_tag(tag: str | None, tags: Iterable[str] = ()) -> str | None:
    """The domain of a Hub task (an unknown task is Other); without a task, from the tags; else None."""
    return domain_of(tag.strip() if tag else None, tags)


def normalise_domain(value: str) -> str:
    """A ``domain`` cell in our names ("cv" -> "Computer Vision"); an unknown name is kept as written."""
    text = value.strip()
    return _ALIASES.get(text.lower(), text)
