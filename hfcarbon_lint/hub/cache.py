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
