"""Training datasets' sizes on the Hub (``usedStorage``), each asked once per run."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from hfcarbon_lint.hub.api import get_json
from hfcarbon_lint.hub.client import HubConfig, HubFailure


class DatasetSizes:
    """``usedStorage`` of datasets on the Hub, each asked once per audit (many models share datasets)."""

    def __init__(self, config: HubConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._sizes: dict[str, Future[int | None]] = {}

    def size(self, dataset_id: str) -> int | None:
        with self._lock:
            future = self._sizes.get(dataset_id)
            owner = future is None
            if future is None:
                future = self._sizes[dataset_id] = Future()
        if owner:
            future.set_result(self._fetch(dataset_id))
        return future.result()

    def total(self, dataset_ids: list[str]) -> int | None:
        """The sum over every dataset, or None when any of them is unknown (a partial sum would understate)."""
        if not dataset_ids:
            return None
        sizes = [self.size(d) for d in dataset_ids]
        return sum(s for s in sizes if s is not None) if all(s is not None for s in sizes) else None

    def _fetch(self, dataset_id: str) -> int | None:
        if not dataset_id or " " in dataset_id or dataset_id.count("/") > 1:
            return None
        try:
            info, _ = get_json(
                f"{self.config.endpoint}/api/datasets/{dataset_id}",
                [("expand", "usedStorage")],
                self.config,
                "dataset info",
            )
        except HubFailure:
            return None
        used = info.get("usedStorage") if isinstance(info, dict) else None
        return used if isinstance(used, int) and not isinstance(used, bool) and used >= 0 else None
