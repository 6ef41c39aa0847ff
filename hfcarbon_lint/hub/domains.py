"""The research domain of a model, from its Hub ``pipeline_tag`` (the task the Hub shows on the model page).

The mapping follows the modality the Hub itself gives each pipeline type (huggingface.js
``packages/tasks/src/pipelines.ts``: multimodal, nlp, cv, audio, tabular, rl, other), with the
study's labels: NLP, Computer Vision, Audio, Multimodal, Reinforcement Learning, Tabular, Other.

- A model without ``pipeline_tag`` gets its domain from the first of its tags that is a known
  pipeline type (Multimodal wins when several domains appear, as in paper-method.md's tie rule).
- A task the table does not know is ``Other``; no task at all is ``None`` (an empty export cell).

This is the one home of domains: ``audit --export`` writes them and ``study`` reads them with the
same table, so both agree on every model. The paper derived domains from tags through
``metadata/tags_metadata.yaml`` instead (paper-method.md §3); the Hub now files ``text-to-image``
and ``image-to-text`` under Computer Vision, and tabular and graph tasks get names of their own.
An export made elsewhere may spell a domain differently ("cv", "Natural Language Processing"):
``normalise_domain`` maps the usual spellings to ours and keeps anything else.
"""

from __future__ import annotations

from collections.abc import Iterable

NLP = "NLP"
CV = "Computer Vision"
AUDIO = "Audio"
MULTIMODAL = "Multimodal"
RL = "Reinforcement Learning"
TABULAR = "Tabular"
OTHER = "Other"

DOMAINS = (NLP, CV, AUDIO, MULTIMODAL, RL, TABULAR, OTHER)

_BY_DOMAIN: dict[str, tuple[str, ...]] = {
    NLP: (
        "text-classification",
        "token-classification",
        "table-question-answering",
        "question-answering",
        "zero-shot-classification",
        "translation",
        "summarization",
        "feature-extraction",
        "text-generation",
        "text2text-generation",
        "fill-mask",
        "sentence-similarity",
        "table-to-text",
        "multiple-choice",
        "text-ranking",
        "text-retrieval",
        "conversational",
    ),
    AUDIO: (
        "text-to-speech",
        "text-to-audio",
        "automatic-speech-recognition",
        "audio-to-audio",
        "audio-classification",
        "voice-activity-detection",
    ),
    CV: (
        "depth-estimation",
        "image-classification",
        "object-detection",
        "image-segmentation",
        "text-to-image",
        "image-to-text",
        "image-to-image",
        "image-to-video",
        "unconditional-image-generation",
        "video-classification",
        "text-to-video",
        "zero-shot-image-classification",
        "mask-generation",
        "zero-shot-object-detection",
        "text-to-3d",
        "image-to-3d",
        "image-feature-extraction",
        "keypoint-detection",
    ),
    MULTIMODAL: (
        "audio-text-to-text",
        "image-text-to-text",
        "visual-question-answering",
        "document-question-answering",
        "video-text-to-text",
        "visual-document-retrieval",
        "any-to-any",
        "biology",
    ),
    RL: ("reinforcement-learning", "robotics"),
    TABULAR: ("tabular-classification", "tabular-regression", "tabular-to-text", "time-series-forecasting"),
    OTHER: ("graph-ml", "other"),
}

PIPELINE_DOMAINS: dict[str, str] = {task: domain for domain, tasks in _BY_DOMAIN.items() for task in tasks}


def domain_of(pipeline_tag: str | None, tags: Iterable[str] = ()) -> str | None:
    """NLP / Computer Vision / Audio / Multimodal / Reinforcement Learning / Tabular / Other, or None."""
    if pipeline_tag:
        return PIPELINE_DOMAINS.get(pipeline_tag.strip().lower(), OTHER)
    found = [PIPELINE_DOMAINS[tag.lower()] for tag in tags if isinstance(tag, str) and tag.lower() in PIPELINE_DOMAINS]
    if not found:
        return None
    return MULTIMODAL if MULTIMODAL in found else found[0]


_ALIASES = {
    "nlp": NLP, "natural language processing": NLP, "natural-language-processing": NLP, "text": NLP,
    "cv": CV, "computer vision": CV, "computer-vision": CV, "vision": CV,
    "audio": AUDIO, "speech": AUDIO,
    "multimodal": MULTIMODAL, "multi-modal": MULTIMODAL,
    "rl": RL, "reinforcement learning": RL, "reinforcement-learning": RL,
    "tabular": TABULAR,
    "other": OTHER,
}  # fmt: skip


def normalise_domain(value: str) -> str:
    """A ``domain`` cell in our names ("cv" -> "Computer Vision"); an unknown name is kept as written."""
    text = value.strip()
    return _ALIASES.get(text.lower(), text)
