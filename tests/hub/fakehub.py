"""A fake Hugging Face Hub: a real HTTP server on 127.0.0.1 that the real huggingface_hub client talks to.

It serves the endpoints, headers and JSON shapes of ``docs/hub-spec.md`` §2.4 that hfcarbon-lint uses:

- ``GET /api/models`` (author / search / filter / limit / cardData / full / expand; pages of
  ``page_size`` items with an *absolute* ``Link: <...&cursor=N>; rel="next"``);
- ``GET /api/models/{repo}`` and ``/api/models/{repo}/revision/{rev}`` (``expand`` honoured);
- ``GET /api/datasets/{id}`` (``usedStorage``);
- ``HEAD``/``GET /{repo}/resolve/{rev}/README.md`` with ``X-Repo-Commit``, a quoted ``ETag``,
  ``Content-Length`` and ``Range`` support; ``X-Error-Code`` + JSON ``{"error": ...}`` on 4xx;
- ``POST /api/repos/create`` (what ``HfApi.create_repo`` sends: JSON ``name``, ``organization``,
  ``type``, ``visibility``; 200 with the repo's ``url``, 409 when it exists, which
  ``exist_ok=True`` accepts), so ``Trainer.push_to_hub()`` can create its repo;
- what ``HfApi.create_commit(..., create_pr=True)``, ``upload_folder`` and the discussions API send:
  ``GET /api/whoami-v2``, ``POST /api/validate-yaml``, ``POST /api/models/{repo}/preupload/{rev}``,
  ``POST /api/models/{repo}/commit/{rev}`` (NDJSON; ``create_pr=1`` opens a pull request),
  ``GET /api/models/{repo}/discussions`` and ``.../discussions/{num}``. Tokens are given roles
  (:meth:`FakeHub.add_token`): a ``read`` token gets 403 on preupload and commit, as on the Hub.

Every request is counted, and every POST is recorded with its body (``FakeHub.received``,
``FakeHub.commits``); a latency can be injected; faults can be injected per repo and route (see
:meth:`FakeHub.fail`), including slow, huge and endless README bodies and endless listings
(``FakeHub.listing``). Used by the tests in this folder and by ``benchmarks/bench_audit.py``.

Listings page as the Hub does (hub-spec.md §2.5, huggingface_hub#1176): a keyset cursor, opaque to
the client (base64 JSON of the last key sent), so a model added or deleted between two pages moves
no other model across a page boundary. :meth:`FakeHub.generate` adds a whole-Hub listing of any
size, made lazily page by page (nothing is stored per model), after the models added one by one.
Datasets can carry files (:meth:`FakeHub.add_dataset_file`): ``/api/datasets/{id}/revision/{rev}``,
``/api/datasets/{id}/tree/{rev}`` and ``/datasets/{id}/resolve/{rev}/{path}`` answer what
``snapshot_download`` asks (the census's ``--from-dataset``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import yaml

FRONT_MATTER = re.compile(r"^\s*---[\r\n]+([\S\s]*?)[\r\n]+---([\r\n]|$)")
ROUTES = ("list", "info", "readme", "dataset", "whoami", "validate", "preupload", "commit", "discussions", "create")
LISTING_MODES = ("normal", "self-link", "repeat", "endless", "overlap")  # overlap: an inclusive cursor
GENERATED_KEY = 10**9  # keys of generated models start here, after every model added one by one
# What /api/models returns per item without expand/full (hub-spec.md §2.4).
LIST_DEFAULT_KEYS = ("_id", "id", "modelId", "likes", "trendingScore", "private", "downloads", "tags",
                     "pipeline_tag", "library_name", "createdAt")
LIST_FULL_KEYS = ("author", "sha", "lastModified", "siblings", "gated")


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


_COMMITS: dict[tuple[str, Any], dict[str, str]] = {}


@functools.lru_cache(maxsize=65536)
def card_data_of(readme: bytes | None) -> dict[str, Any] | None:
    """What the Hub puts in ``cardData``: the README's front matter, parsed (None when there is none).

    Memoised, as the Hub stores it parsed; callers must not mutate the result.
    """
    if readme is None:
        return None
    match = FRONT_MATTER.match(readme.decode("utf-8", errors="replace"))
    if match is None:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    return json.loads(json.dumps(data, default=str))  # JSON types only, as the Hub's API returns them


@dataclass
class FakeModel:
    id: str
    readme: bytes | None = None  # the README at "main"; None: the repo has no README.md
    revisions: dict[str, bytes | None] = field(default_factory=dict)  # branch/tag -> README at that revision
    card_data: dict[str, Any] | None = None  # derived from the README when not given
    downloads: int = 0
    likes: int = 0
    library_name: str | None = None
    pipeline_tag: str | None = None
    tags: list[str] = field(default_factory=list)
    created_at: str = "2023-01-02T03:04:05.000Z"
    last_modified: str = "2024-05-06T07:08:09.000Z"
    safetensors: dict[str, Any] | None = None
    used_storage: int | None = None
    gated: bool | str = False
    private: bool = False
    allowed_tokens: tuple[str, ...] = ()  # tokens that may read a gated or private repo
    renamed_from: str | None = None
    seq: int = 0  # the listing's sort key (the Hub's is _id): the order models were added

    def commit(self, revision: str = "main") -> str | None:
        """The 40-hex commit of a branch or tag, or the commit itself; None if unknown."""
        commits = self._commits()
        if revision in commits:
            return commits[revision]
        return revision if revision in commits.values() else None

    def readme_at(self, commit: str) -> bytes | None:
        for name, content in self._all_revisions().items():
            if self._commits().get(name) == commit:
                return content
        return None

    def _all_revisions(self) -> dict[str, bytes | None]:
        return {"main": self.readme, **self.revisions}

    def _commits(self) -> dict[str, str]:
        # Memoised on the contents (tests change ``readme`` to publish a new commit): a Hub does not hash per request.
        key = tuple(self._all_revisions().items())
        cached = _COMMITS.get((self.id, key))
        if cached is None:
            cached = {name: sha1(f"{self.id}\0{name}\0".encode() + (content or b"<none>")) for name, content in key}
            _COMMITS[(self.id, key)] = cached
        return cached

    def api_object(self) -> dict[str, Any]:
        card = self.card_data if self.card_data is not None else card_data_of(self.readme)
        return self._api_object(card)

    def _api_object(self, card: dict[str, Any] | None) -> dict[str, Any]:
        author = self.id.split("/")[0] if "/" in self.id else None
        obj: dict[str, Any] = {
            "_id": sha1(self.id.encode())[:24],
            "id": self.id,
            "modelId": self.id,
            "author": author,
            "sha": self.commit("main"),
            "lastModified": self.last_modified,
            "createdAt": self.created_at,
            "private": self.private,
            "gated": self.gated,
            "disabled": False,
            "downloads": self.downloads,
            "likes": self.likes,
            "trendingScore": 0,
            "library_name": self.library_name,
            "pipeline_tag": self.pipeline_tag,
            "tags": list(self.tags),
            "siblings": [{"rfilename": "README.md"}] if self.readme is not None else [],
            "usedStorage": self.used_storage,
        }
        if card is not None:
            obj["cardData"] = card
        if self.safetensors is not None:
            obj["safetensors"] = self.safetensors
        return {k: v for k, v in obj.items() if v is not None}


@dataclass
class Received:
    """One POST as the fake Hub received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeCommit:
    repo_id: str
    revision: str
    create_pr: bool
    summary: str
    description: str
    parent_commit: str | None
    files: dict[str, bytes]  # path -> content as committed
    oid: str
    pr_num: int | None


@dataclass
class FakeDiscussion:
    num: int
    title: str
    description: str
    author: str
    is_pull_request: bool = True
    status: str = "open"
    base_commit: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Fault:
    kind: str  # status | stall | truncated | drop | trickle | huge | endless
    route: str
    remaining: int | None  # None: every request; otherwise this many, then normal service
    status: int = 500
    error_code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    extra_bytes: int = 64
    after: int = 0  # requests served normally before the fault starts


def generated_model(index: int, authors: int = 97) -> dict[str, Any]:
    """Model ``index`` of a generated whole-Hub listing, as ``/api/models?expand=...`` lists it.

    One in 25 reports emissions (one in 75 of all from AutoTrain), one in 7 names a dataset; dates
    spread over 48 months from 2022-01. Deterministic: the same index, the same model.
    """
    repo_id = f"gen{index % authors:03d}/model-{index:07d}"
    month = index % 48
    created = f"{2022 + month // 12}-{month % 12 + 1:02d}-{index % 28 + 1:02d}T10:00:00.000Z"
    tags = ["transformers", "pytorch"]
    card: dict[str, Any] = {"license": "apache-2.0" if index % 3 else "mit"}
    if index % 25 == 0:
        grams = round(0.5 + (index * 7919 % 100_000) / 10, 3)
        card["co2_eq_emissions"] = {"emissions": grams, "source": "codecarbon", "training_type": "fine-tuning",
                                    "hardware_used": "1 x T4"}
        if index % 75 == 0:
            tags.append("autotrain")
            card["co2_eq_emissions"]["source"] = "AutoTrain"
    if index % 7 == 0:
        card["datasets"] = [f"dataset-{index % 13}"]
    return {
        "_id": f"{GENERATED_KEY + index:024x}",
        "id": repo_id,
        "modelId": repo_id,
        "author": repo_id.split("/")[0],
        "createdAt": created,
        "lastModified": created,
        "downloads": index * 37 % 5000,
        "likes": index % 11,
        "library_name": "transformers",
        "pipeline_tag": ("text-classification", "text-generation", "image-classification")[index % 3],
        "tags": tags,
        "private": False,
        "gated": False,
        "sha": sha1(repo_id.encode()),
        "cardData": card,
    }


def encode_cursor(key: int) -> str:
    """An opaque cursor as the Hub sends one (base64 of a JSON keyset condition)."""
    return base64.urlsafe_b64encode(json.dumps({"_id": {"$gt": key}}).encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return -1
    return int(json.loads(base64.urlsafe_b64decode(cursor.encode()))["_id"]["$gt"])


class FakeHub:
    """Start with ``with FakeHub() as hub:``; ``hub.url`` is the endpoint to give as ``HF_ENDPOINT``."""

    def __init__(self, page_size: int = 100, latency: float = 0.0, port: int = 0) -> None:
        self.port = port  # 0: any free port
        self.page_size = page_size
        self.latency = latency
        self.models: dict[str, FakeModel] = {}
        self.datasets: dict[str, dict[str, Any]] = {}
        self.dataset_files: dict[str, dict[str, bytes]] = {}  # dataset id -> path -> content (at "main")
        self.generated = 0  # models of the lazily generated whole-Hub listing (see generate)
        self.broken_downloads: dict[str, int] = {}  # dataset file path -> GETs that break halfway through
        self.generated_authors = 97
        self._seq = 0
        self.faults: dict[tuple[str, str], Fault] = {}
        self.body_bytes_sent = 0  # filler sent by huge / endless README bodies
        self.requests: list[tuple[str, str, str]] = []  # (method, path, query)
        self.auth_headers: list[str] = []
        self.user_agents: list[tuple[str, str]] = []  # (path, User-Agent) of every request
        self.received: list[Received] = []  # every POST, body included
        self.commits: list[FakeCommit] = []
        self.discussions: dict[str, list[FakeDiscussion]] = {}
        self.tokens: dict[str, tuple[str, str]] = {}  # token -> (user name, role: write | read | fineGrained)
        self.listing = "normal"  # or self-link | repeat | endless: a listing that never ends by itself
        self.discussion_page_size = 50
        self.discussion_count_extra = 0  # added to "count": a server that keeps promising more pages
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- setup -------------------------------------------------------------------------------------

    def add_model(self, repo_id: str, readme: str | bytes | None = None, **fields: Any) -> FakeModel:
        raw = readme.encode() if isinstance(readme, str) else readme
        revisions = {k: (v.encode() if isinstance(v, str) else v) for k, v in fields.pop("revisions", {}).items()}
        model = FakeModel(id=repo_id, readme=raw, revisions=revisions, **fields)
        existing = self.models.get(repo_id)
        if existing is not None:
            model.seq = existing.seq  # replaced in place: its place in the listing stays
        else:
            self._seq += 1
            model.seq = self._seq
        self.models[repo_id] = model
        return model

    def generate(self, count: int, authors: int = 97) -> None:
        """List ``count`` more models (see :func:`generated_model`) when the whole Hub is listed
        (no author, search or filter); they are made page by page, never stored."""
        self.generated = count
        self.generated_authors = authors

    def add_dataset_file(self, dataset_id: str, path: str, content: bytes) -> None:
        if dataset_id not in self.datasets:
            self.add_dataset(dataset_id)
        self.dataset_files.setdefault(dataset_id, {})[path] = content

    def dataset_commit(self, dataset_id: str) -> str:
        files = self.dataset_files.get(dataset_id, {})
        digest = hashlib.sha1(dataset_id.encode())
        for path in sorted(files):
            digest.update(path.encode() + b"\0" + hashlib.sha1(files[path]).digest())
        return digest.hexdigest()

    def add_dataset(self, dataset_id: str, used_storage: int | None = None, **fields: Any) -> None:
        self.datasets[dataset_id] = {"_id": sha1(dataset_id.encode())[:24], "id": dataset_id,
                                     "usedStorage": used_storage, **fields}

    def add_token(self, token: str, role: str = "write", user: str = "alice") -> None:
        self.tokens[token] = (user, role)

    def add_discussion(self, repo_id: str, title: str, description: str = "", author: str = "someone",
                       is_pull_request: bool = True, status: str = "open") -> FakeDiscussion:
        found = self.discussions.setdefault(repo_id, [])
        discussion = FakeDiscussion(len(found) + 1, title, description, author, is_pull_request, status)
        found.append(discussion)
        return discussion

    def writes(self) -> list[Received]:
        """POSTs that change something on a real Hub (preupload announces a commit; commit makes one)."""
        with self._lock:
            return [r for r in self.received if "/preupload/" in r.path or "/commit/" in r.path]

    def fail(self, target: str, kind: str = "status", route: str = "readme", times: int | None = None,
             status: int = 500, error_code: str | None = None, headers: dict[str, str] | None = None,
             seconds: float = 0.0, extra_bytes: int = 64, after: int = 0) -> None:
        """Inject a fault for ``target`` (a repo id, a dataset id, or ``"*"``) on ``route``.

        ``route`` is one of ``ROUTES``. ``kind``: ``status`` answers ``status`` (with ``X-Error-Code:
        error_code`` and ``headers``; a 409 on ``commit`` is the Hub's stale-parent answer); ``stall``
        waits ``seconds`` before answering normally; ``truncated`` sends a body shorter than its
        ``Content-Length``; ``drop`` closes the connection without an answer. README bodies only:
        ``trickle`` sends the README one byte every ``seconds``; ``huge`` declares ``extra_bytes`` in
        ``Content-Length`` and sends filler until the client hangs up; ``endless`` sends no length and
        filler until the client hangs up. ``times``: how many requests fail (None: all of them);
        ``after``: how many requests are served normally first (a storm that starts mid-listing).
        """
        assert route in ROUTES, route
        self.faults[(route, target)] = Fault(kind, route, times, status, error_code, dict(headers or {}),
                                             seconds, extra_bytes, after)

    def clear_faults(self) -> None:
        self.faults.clear()

    # -- counting ------------------------------------------------------------------------------------

    def count(self, method: str | None = None, path_prefix: str = "") -> int:
        with self._lock:
            return sum(1 for m, p, _ in self.requests if (method is None or m == method) and p.startswith(path_prefix))

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()
            self.auth_headers.clear()
            self.user_agents.clear()

    def summary(self) -> Counter[str]:
        with self._lock:
            return Counter(f"{m} {p}" for m, p, _ in self.requests)

    # -- lifecycle ----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the hub first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        server.block_on_close = False  # a stalled handler must not block shutdown
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fakehub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- fault lookup -------------------------------------------------------------------------------

    def _take_fault(self, route: str, target: str) -> Fault | None:
        with self._lock:
            for key in dict.fromkeys(((route, target), (route, "*"))):  # once each, when target is "*" itself
                fault = self.faults.get(key)
                if fault is None:
                    continue
                if fault.after > 0:
                    fault.after -= 1
                    continue
                if fault.remaining is not None:
                    if fault.remaining <= 0:
                        continue
                    fault.remaining -= 1
                return fault
        return None


def closed_port_endpoint() -> str:
    """An endpoint on 127.0.0.1 where nothing listens: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    _truncate: Fault | None = None
    _body_fault: Fault | None = None
    _body = b""
    protocol_version = "HTTP/1.1"  # keep-alive, as the Hub; every answer has a Content-Length
    # Headers and body are separate writes: without TCP_NODELAY, Nagle + the client's delayed ACK add ~40 ms
    # to every answer with a body, which a real Hub front end does not.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- entry points -------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        self._body = b""
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            self._body = self.rfile.read(min(length, 64 * 1024 * 1024))
        with self.fake._lock:
            self.fake.requests.append((method, path, query))
            self.fake.user_agents.append((path, self.headers.get("User-Agent", "")))
            auth = self.headers.get("Authorization")
            if auth:
                self.fake.auth_headers.append(auth)
            if method == "POST":
                self.fake.received.append(Received(method, path, parse_qs(query, keep_blank_values=True),
                                                   dict(self.headers.items()), self._body))
        if self.fake.latency:
            time.sleep(self.fake.latency)
        try:
            self._route(method, path, parse_qs(query, keep_blank_values=True))
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _route(self, method: str, path: str, params: dict[str, list[str]]) -> None:
        if path == "/api/whoami-v2":
            if not self._fault("whoami", "*", method):
                self._whoami()
            return
        if path == "/api/validate-yaml" and method == "POST":
            if not self._fault("validate", "*", method):
                self._json(200, {"errors": [], "warnings": []})
            return
        if path == "/api/repos/create" and method == "POST":
            if not self._fault("create", "*", method):
                self._create_repo()
            return
        write = re.fullmatch(r"/api/models/(?P<repo>[^/]+/[^/]+)/(?P<op>preupload|commit)/(?P<rev>.+)", path)
        if write and method == "POST":
            repo = unquote(write["repo"])
            if not self._fault(write["op"], repo, method):
                if write["op"] == "preupload":
                    self._preupload(repo, unquote(write["rev"]))
                else:
                    self._commit(repo, unquote(write["rev"]), params)
            return
        talk = re.fullmatch(r"/api/models/(?P<repo>[^/]+/[^/]+)/discussions(?:/(?P<num>\d+))?", path)
        if talk:
            repo = unquote(talk["repo"])
            if not self._fault("discussions", repo, method):
                self._discussions(repo, int(talk["num"]) if talk["num"] else None, params)
            return
        if path == "/api/models":
            if not self._fault("list", "*", method):
                self._list(params)
            return
        if path.startswith("/api/models/"):
            rest = path[len("/api/models/"):]
            repo, _, revision = rest.partition("/revision/")
            repo = unquote(repo)
            if not self._fault("info", repo, method):
                self._model_info(repo, unquote(revision) if revision else None, params)
            return
        files = re.fullmatch(r"/api/datasets/(?P<repo>[^/]+/[^/]+)/(?P<op>revision|tree)/(?P<rev>[^/]+)(?:/.*)?", path)
        if files:
            repo = unquote(files["repo"])
            if not self._fault("dataset", repo, method):
                self._dataset_files(repo, unquote(files["rev"]), files["op"])
            return
        data_file = re.fullmatch(r"/datasets/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)", path)
        if data_file:
            repo = unquote(data_file["repo"])
            if not self._fault("dataset", repo, method):
                self._dataset_file(method, repo, unquote(data_file["rev"]), unquote(data_file["file"]))
            return
        if path.startswith("/api/datasets/"):
            dataset = unquote(path[len("/api/datasets/"):])
            if not self._fault("dataset", dataset, method):
                self._dataset_info(dataset, params)
            return
        match = re.fullmatch(r"/(?P<repo>[^/]+(?:/[^/]+)?)/resolve/(?P<rev>[^/]+)/(?P<file>.+)", path)
        if match:
            repo = unquote(match["repo"])
            if not self._fault("readme", repo, method):
                self._resolve(method, repo, unquote(match["rev"]), unquote(match["file"]))
            return
        self._error(404, None, "Sorry, we can't find the page you are looking for.")

    # -- answers ------------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None, method: str = "GET",
              content_type: str = "application/json; charset=utf-8", declared_length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(declared_length if declared_length is not None else len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def _json(self, status: int, value: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(value).encode(), headers)

    def _error(self, status: int, code: str | None, message: str, headers: dict[str, str] | None = None,
               method: str = "GET") -> None:
        extra = dict(headers or {})
        if code:
            extra["X-Error-Code"] = code
        extra.setdefault("X-Request-Id", "Root=1-fake-" + sha1(message.encode())[:8])
        self._send(status, json.dumps({"error": message}).encode(), extra, method)

    def _fault(self, route: str, target: str, method: str) -> bool:
        """Apply an injected fault; True when it fully answered the request."""
        fault = self.fake._take_fault(route, target)
        self._truncate = fault if fault is not None and fault.kind == "truncated" else None
        self._body_fault = fault if fault is not None and fault.kind in ("trickle", "huge", "endless") else None
        if fault is None or self._body_fault is not None:
            return False
        if fault.kind == "stall":
            time.sleep(fault.seconds)
            return False  # then answer normally (the client has long given up)
        if fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault.kind == "truncated":
            return False  # handled by _resolve, which knows the body
        self._error(fault.status, fault.error_code, f"injected HTTP {fault.status}", fault.headers, method)
        return True

    def _list(self, params: dict[str, list[str]]) -> None:
        def one(name: str) -> str | None:
            values = params.get(name)
            return values[0] if values else None

        models = sorted(self.fake.models.values(), key=lambda m: m.seq)
        author = one("author")
        whole_hub = not (author or one("search") or params.get("filter"))
        if author:
            models = [m for m in models if "/" in m.id and m.id.split("/")[0] == author]  # gpt2 has no author
        search = one("search")
        if search:
            models = [m for m in models if search.lower() in m.id.lower()]
        for tag in params.get("filter", []):
            models = [m for m in models if tag in m.tags or tag in (m.pipeline_tag, m.library_name)
                      or (m.card_data or card_data_of(m.readme) or {}).get(tag) is not None]
        models = [m for m in models if not m.private]
        limit = one("limit")
        page = min(int(limit), self.fake.page_size) if limit else self.fake.page_size
        after = decode_cursor(one("cursor"))
        mode = self.fake.listing
        if mode == "overlap":  # an inclusive cursor: each page starts again with the last model of the one before
            after -= 1
        # (key, object): models added one by one, then the generated ones, in key order after the cursor
        chunk: list[tuple[int, dict[str, Any]]] = [(m.seq, m.api_object()) for m in models if m.seq > after][:page]
        generated = self.fake.generated if whole_hub else 0
        first = max(0, after + 1 - GENERATED_KEY)
        for index in range(first, min(generated, first + page - len(chunk))):
            chunk.append((GENERATED_KEY + index, generated_model(index, self.fake.generated_authors)))
        more = bool(chunk) and (
            any(m.seq > chunk[-1][0] for m in models) or (generated > 0 and GENERATED_KEY + generated - 1 > chunk[-1][0])
        )
        next_key = chunk[-1][0] if chunk else after
        if mode == "overlap":
            next_key = chunk[-1][0] if chunk else after + 1
        if mode == "repeat":  # the cursor moves on, the page does not
            chunk = [(m.seq, m.api_object()) for m in models][:page]
        elif mode == "endless":  # a fresh page of new models for ever
            start = after + 1
            chunk = [(start + i, FakeModel(id=f"{author or 'gen'}/gen{start + i:07d}",
                                           readme=b"---\nlicense: mit\n---\n").api_object()) for i in range(page)]
            next_key = start + page - 1
        expand = params.get("expand", [])
        items = []
        for _, full in chunk:
            if expand:
                keys = {"_id", "id", *expand}
            else:
                keys = set(LIST_DEFAULT_KEYS)
                if one("full") == "true":
                    keys |= set(LIST_FULL_KEYS)
                if one("cardData") == "true":
                    keys.add("cardData")
            items.append({k: v for k, v in full.items() if k in keys})
        headers = {}
        if more or mode in ("self-link", "repeat", "endless"):
            query = [(k, v) for k, values in params.items() if k != "cursor" for v in values]
            cursor = one("cursor") if mode == "self-link" else encode_cursor(next_key)
            query.append(("cursor", cursor or encode_cursor(-1)))
            host, port = self.server.server_address[:2]
            headers["Link"] = f'<http://{host}:{port}/api/models?{urlencode(query)}>; rel="next"'
        self._json(200, items, headers)

    def _model(self, repo: str) -> FakeModel | None:
        model = self.fake.models.get(repo)
        if model is None:
            model = next((m for m in self.fake.models.values() if m.renamed_from == repo), None)
        return model

    def _authorised(self, model: FakeModel) -> bool:
        auth = self.headers.get("Authorization", "")
        return auth.startswith("Bearer ") and auth[len("Bearer "):] in model.allowed_tokens

    def _model_info(self, repo: str, revision: str | None, params: dict[str, list[str]]) -> None:
        model = self._model(repo)
        if model is None or (model.private and not self._authorised(model)):
            status = 401 if not self.headers.get("Authorization") else 404
            self._error(status, "RepoNotFound", "Repository not found")
            return
        obj = model.api_object()
        if revision is not None:
            commit = model.commit(revision)
            if commit is None:
                self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
                return
            obj["sha"] = commit
            card = card_data_of(model.readme_at(commit))
            obj.pop("cardData", None)
            if card is not None:
                obj["cardData"] = card
        expand = params.get("expand", [])
        if expand:
            obj = {k: v for k, v in obj.items() if k in {"_id", "id", *expand}}
        self._json(200, obj)

    def _dataset_info(self, dataset: str, params: dict[str, list[str]]) -> None:
        info = self.fake.datasets.get(dataset)
        if info is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        expand = params.get("expand", [])
        obj = {k: v for k, v in info.items() if v is not None and (not expand or k in {"_id", "id", *expand})}
        self._json(200, obj)

    def _dataset_files(self, repo: str, revision: str, op: str) -> None:
        """``dataset_info(revision=...)`` (its ``sha``) and ``list_repo_tree`` (every file, one page)."""
        if repo not in self.fake.datasets:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        commit = self.fake.dataset_commit(repo)
        if revision not in ("main", commit):
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return
        files = self.fake.dataset_files.get(repo, {})
        if op == "revision":
            self._json(200, {"_id": sha1(repo.encode())[:24], "id": repo, "sha": commit, "private": False,
                             "siblings": [{"rfilename": name} for name in sorted(files)]})
            return
        self._json(200, [{"type": "file", "oid": sha1(content), "size": len(content), "path": name}
                         for name, content in sorted(files.items())])

    def _dataset_file(self, method: str, repo: str, revision: str, filename: str) -> None:
        """A dataset file, resumable (``Range``), with the headers ``hf_hub_download`` needs."""
        content = self.fake.dataset_files.get(repo, {}).get(filename)
        commit = self.fake.dataset_commit(repo) if repo in self.fake.datasets else None
        if commit is None or revision not in ("main", commit):
            self._error(404, "RepoNotFound" if commit is None else "RevisionNotFound", "Not found", method=method)
            return
        if content is None:
            self._error(404, "EntryNotFound", f"{filename} does not exist", {"X-Repo-Commit": commit}, method)
            return
        headers = {"X-Repo-Commit": commit, "ETag": f'"{sha1(content)}"', "Accept-Ranges": "bytes"}
        status, body = 200, content
        range_header = self.headers.get("Range")
        if method == "GET" and range_header and range_header.startswith("bytes="):
            start = int(range_header[len("bytes="):].split("-")[0] or 0)
            status, body = 206, content[start:]
            headers["Content-Range"] = f"bytes {start}-{len(content) - 1}/{len(content)}"
        with self.fake._lock:
            broken = method == "GET" and self.fake.broken_downloads.get(filename, 0) > 0
            if broken:
                self.fake.broken_downloads[filename] -= 1
        if broken:  # the connection breaks halfway through the file
            self.close_connection = True
            self._send(status, body[: len(body) // 2], headers, method, "application/octet-stream", len(body))
            return
        self._send(status, body, headers, method, "application/octet-stream")

    def _resolve(self, method: str, repo: str, revision: str, filename: str) -> None:
        model = self._model(repo)
        if model is None or (model.private and not self._authorised(model)):
            status = 401 if not self.headers.get("Authorization") else 404
            self._error(status, "RepoNotFound", "Repository not found", method=method)
            return
        if model.id != repo:  # renamed: same-host relative redirect, as the Hub does
            self.send_response(307)
            self.send_header("Location", f"/{quote(model.id)}/resolve/{quote(revision, safe='')}/{filename}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if model.gated and not self._authorised(model):
            status = 403 if self.headers.get("Authorization") else 401
            self._error(status, "GatedRepo", f"Access to model {repo} is restricted. You must have access to it "
                        "and be authenticated to access it. Please log in.", method=method)
            return
        commit = model.commit(revision)
        if commit is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}", method=method)
            return
        content = model.readme_at(commit) if filename == "README.md" else None
        if content is None:
            self._error(404, "EntryNotFound", f"{filename} does not exist on \"{revision}\"",
                        {"X-Repo-Commit": commit}, method)
            return
        headers = {"X-Repo-Commit": commit, "ETag": f'"{sha1(content)}"', "Accept-Ranges": "bytes"}
        declared = len(content)
        if self._truncate is not None:
            declared += self._truncate.extra_bytes  # the body is cut short of what the headers promise
        status, body, length = 200, content, declared
        range_header = self.headers.get("Range")
        if method == "GET" and range_header and range_header.startswith("bytes="):
            start = int(range_header[len("bytes="):].split("-")[0] or 0)
            status, body, length = 206, content[start:], declared - start
            headers["Content-Range"] = f"bytes {start}-{declared - 1}/{declared}"
        if length != len(body) and method == "GET":
            self.close_connection = True
        if self._body_fault is not None and method == "GET":
            self._send_slowly(self._body_fault, body, headers)
            return
        self._send(status, body, headers, method, "text/plain; charset=utf-8", declared_length=length)

    def _send_slowly(self, fault: Fault, body: bytes, headers: dict[str, str]) -> None:
        """trickle / huge / endless bodies, written until done or until the client hangs up."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        if fault.kind == "trickle":
            self.send_header("Content-Length", str(len(body)))
        elif fault.kind == "huge":
            self.send_header("Content-Length", str(fault.extra_bytes))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        filler = b"filler line of a card that never ends\n" * 1700  # ~64 KiB
        sent = 0
        try:
            if fault.kind == "trickle":
                for index in range(len(body)):
                    self.wfile.write(body[index:index + 1])
                    self.wfile.flush()
                    time.sleep(fault.seconds)
                return
            self.wfile.write(body)
            while fault.kind == "endless" or sent < fault.extra_bytes:
                self.wfile.write(filler)
                sent += len(filler)
                with self.fake._lock:
                    self.fake.body_bytes_sent += len(filler)
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    # -- writes: whoami, preupload, commit, discussions ----------------------------------------------

    def _token_user(self) -> tuple[str, str] | None:
        auth = self.headers.get("Authorization", "")
        return self.fake.tokens.get(auth[len("Bearer "):]) if auth.startswith("Bearer ") else None

    def _whoami(self) -> None:
        found = self._token_user()
        if found is None:
            self._error(401, None, "Invalid credentials in Authorization header")
            return
        user, role = found
        self._json(200, {"type": "user", "id": sha1(user.encode())[:24], "name": user, "fullname": user.title(),
                         "orgs": [], "auth": {"type": "access_token",
                                              "accessToken": {"displayName": "hfcarbon-lint tests", "role": role}}})

    def _may_write(self, repo: str) -> FakeModel | None:
        """The repo when the token may write to it; otherwise the Hub's answer is sent and None returned."""
        model = self.fake.models.get(repo)
        found = self._token_user()
        if model is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return None
        if found is None:
            self._error(401, None, "Invalid credentials in Authorization header")
            return None
        if found[1] == "read":
            self._error(403, None, "You don't have the rights to create a pull request in this repo (read token)")
            return None
        return model

    def _create_repo(self) -> None:
        """``HfApi.create_repo``: a new, empty model repo under the token's user or the named organisation.

        The real Hub's first commit also adds its default ``.gitattributes`` (which sends
        ``*.safetensors`` and other weights to LFS / Xet storage); this fake has no such
        storage, so it creates the repo empty and :meth:`_preupload` answers "regular" for every
        file: each file then travels base64-encoded in the commit's NDJSON, as a small text file
        such as README.md does on the real Hub.
        """
        found = self._token_user()
        if found is None:
            self._error(401, None, "Invalid credentials in Authorization header")
            return
        if found[1] == "read":
            self._error(403, None, "You don't have the rights to create a model under this namespace")
            return
        try:
            payload = json.loads(self._body or b"{}")
        except ValueError:
            self._error(400, None, "Invalid JSON body")
            return
        kind = payload.get("type") or "model"
        name, organization = payload.get("name"), payload.get("organization")
        if kind != "model" or not isinstance(name, str) or not re.fullmatch(r"[\w.-]{1,96}", name):
            self._error(400, None, f"Invalid repo name or type: {name!r} ({kind})")
            return
        repo = f"{organization or found[0]}/{name}"
        url = f"{self.fake.url}/{repo}"
        with self.fake._lock:
            exists = repo in self.fake.models
            if not exists:
                self.fake.models[repo] = FakeModel(id=repo, private=payload.get("visibility") == "private")
        if exists:  # the Hub's answer names the existing repo
            self._json(409, {"error": "You already created this model repo", "url": url})
            return
        self._json(200, {"url": url, "name": repo, "id": sha1(repo.encode())[:24]})

    def _preupload(self, repo: str, revision: str) -> None:
        model = self._may_write(repo)
        if model is None:
            return
        files = json.loads(self._body or b"{}").get("files", [])
        commit = model.commit(revision)
        current = model.readme_at(commit) if commit else None
        answer = []
        for item in files:
            oid = None
            if item.get("path") == "README.md" and current is not None:
                oid = hashlib.sha1(b"blob %d\0" % len(current) + current).hexdigest()  # git's blob id
            answer.append({"path": item.get("path"), "uploadMode": "regular", "shouldIgnore": False, "oid": oid})
        self._json(200, {"files": answer, "commitOid": commit})

    def _commit(self, repo: str, revision: str, params: dict[str, list[str]]) -> None:
        model = self._may_write(repo)
        if model is None:
            return
        lines = [json.loads(line) for line in self._body.splitlines() if line.strip()]
        header = next((line["value"] for line in lines if line.get("key") == "header"), {})
        files = {line["value"]["path"]: base64.b64decode(line["value"]["content"])
                 for line in lines if line.get("key") == "file"}
        parent = header.get("parentCommit")
        head = model.commit(revision)
        if head is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return
        create_pr = params.get("create_pr", [""])[0] in ("1", "true")
        if parent is not None and model.commit(parent) is None and parent not in model._commits().values():
            self._error(400, None, f"Invalid parent commit {parent}")
            return
        oid = sha1(self._body)
        user = (self._token_user() or ("?", ""))[0]
        number = None
        if create_pr:
            discussion = self.fake.add_discussion(repo, header.get("summary", ""), header.get("description", ""),
                                                  author=user)
            discussion.base_commit = parent or head
            discussion.files = files
            number = discussion.num
        else:
            if parent is not None and parent != head:
                self._error(409, None, "A commit has happened since. Please refresh and try again.")
                return
            if "README.md" in files:
                model.readme = files["README.md"]
        with self.fake._lock:
            self.fake.commits.append(FakeCommit(repo, revision, create_pr, header.get("summary", ""),
                                                header.get("description", ""), parent, files, oid, number))
        base = self.fake.url
        self._json(200, {"success": True, "commitOid": oid, "commitUrl": f"{base}/{repo}/commit/{oid}",
                         "pullRequestUrl": f"{base}/{repo}/discussions/{number}" if number else None})

    def _discussion_json(self, repo: str, discussion: FakeDiscussion) -> dict[str, Any]:
        return {"num": discussion.num, "title": discussion.title, "status": discussion.status,
                "isPullRequest": discussion.is_pull_request, "createdAt": "2026-01-02T03:04:05.000Z",
                "author": {"name": discussion.author}, "repo": {"name": repo, "type": "model"}, "pinned": False,
                "numComments": 1, "topReactions": []}

    def _discussions(self, repo: str, number: int | None, params: dict[str, list[str]]) -> None:
        if self._model(repo) is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return
        found = self.fake.discussions.get(repo, [])
        if number is not None:
            discussion = next((d for d in found if d.num == number), None)
            if discussion is None:
                self._error(404, None, "Discussion not found")
                return
            obj = self._discussion_json(repo, discussion)
            obj["events"] = [{"id": f"event{discussion.num}", "type": "comment", "createdAt": obj["createdAt"],
                              "author": {"name": discussion.author},
                              "data": {"edited": False, "hidden": False, "latest": {"raw": discussion.description}}}]
            obj["changes"] = {"base": "refs/heads/main"}
            obj["filesWithConflicts"] = []
            self._json(200, obj)
            return
        kind = (params.get("type") or ["all"])[0]
        status = (params.get("status") or ["all"])[0]
        selected = [d for d in found
                    if (kind == "all" or (kind == "pull_request") == d.is_pull_request)
                    and (status == "all" or d.status == status)]
        size = self.fake.discussion_page_size
        start = int((params.get("p") or ["0"])[0]) * size
        self._json(200, {"discussions": [self._discussion_json(repo, d) for d in reversed(selected)][start:start + size],
                         "count": len(selected) + self.fake.discussion_count_extra, "start": start,
                         "numClosedDiscussions": 0})
