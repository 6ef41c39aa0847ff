"""What the local Hugging Face cache holds (for ``audit --offline``)."""

from __future__ import annotations

import os
from pathlib import Path


def cached_repos(cache_dir: str, author: str) -> list[str]:
    """Repo ids of ``author`` in the huggingface_hub cache (``models--{author}--{name}`` folders)."""
    prefix = f"models--{author}--"
    try:
        names = sorted(os.listdir(cache_dir))
    except OSError:
        return []
    return [
        f"{author}/{name[len(prefix) :]}"
        for name in names
        if name.startswith(prefix) and (Path(cache_dir) / name / "snapshots").is_dir()
    ]


def cached_single_name(cache_dir: str, name: str) -> list[str]:
    """``[name]`` when the huggingface_hub cache holds the single-name model ``name`` (``models--gpt2``)."""
    return [name] if (Path(cache_dir) / f"models--{name}" / "snapshots").is_dir() else []
