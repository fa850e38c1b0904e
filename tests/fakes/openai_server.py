"""A fake OpenAI fine-tuning server speaking real HTTP on 127.0.0.1.

Tests drive the real ``openai`` SDK against it, so the request encoding (multipart uploads,
JSON bodies, bearer auth, pagination) and the response parsing (the SDK's pydantic models) are
the real ones; only the training is pretend. Jobs advance one state per ``GET`` of the job:
``validating_files`` -> ``queued`` -> ``running`` (one metrics step per poll) -> ``succeeded``.

Fault injection stands in for what real servers do: wrong keys (401), rate limits and exhausted
quota (429), outages (500), jobs that fail validation, and servers with no fine-tuning endpoint
at all (``fine_tuning=False``, as DeepSeek's API is today). Every request is recorded so tests can
assert on what reached the server, and what did not.

A careless real server may echo the presented key in a 401 message; this one echoes it in full
on purpose, so the tests prove the provider redacts what servers say.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["FakeOpenAIServer", "RecordedRequest", "StoredFile"]

_JOB_PATH = re.compile(
    r"^/v1/fine_tuning/jobs/(?P<id>[^/]+)(?:/(?P<sub>events|checkpoints|cancel))?$"
)

# A route answers with {SSE: [chunk, ...]} for a server-sent event stream.
SSE = "__sse__"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    path: str  # without the query string, e.g. /v1/files
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes


@dataclass(frozen=True, slots=True)
class StoredFile:
    id: str
    filename: str
    purpose: str
    content: bytes
    created_at: int

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.content),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
        }


@dataclass(slots=True)
class _Fault:
    status: int
    remaining: int
    path_prefix: str | None
    variant: str | None


@dataclass(slots=True)
class _Job:
    public: dict[str, Any]
    suffix: str | None
    tokens: int
    fail: tuple[str, str] | None = None
    step: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    checkpoints: list[dict[str, Any]] = field(default_factory=list)


class FakeOpenAIServer:
    """The fine-tuning subset of the OpenAI API, in a background thread on a free port.

    ``running_polls`` is how many polls a job spends running (one training step each).
    ``metrics_events=False`` makes jobs report their metrics only through checkpoints.
    """

    def __init__(
        self,
        api_key: str = "sk-test-fake-key",
        *,
        fine_tuning: bool = True,
        running_polls: int = 2,
        metrics_events: bool = True,
    ) -> None:
        self.api_key = api_key
        self.fine_tuning = fine_tuning
        self.running_polls = running_polls
        self.metrics_events = metrics_events
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._faults: list[_Fault] = []
        self._job_failures: list[tuple[str, str]] = []
        self.files: dict[str, StoredFile] = {}
        self.jobs: dict[str, _Job] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True
        httpd.block_on_close = False
        httpd.fake = self  # type: ignore[attr-defined]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the fake server is not started")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    # -- fault injection -------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        count: int = 1,
        path_prefix: str | None = None,
        variant: str | None = None,
    ) -> None:
        """Answer the next ``count`` requests (whose path starts with ``path_prefix``, if
        given) with ``status``: 401, 429 (``variant="insufficient_quota"`` for an exhausted
        quota instead of a rate limit), 500 or any other code.
        """
        with self._lock:
            self._faults.append(_Fault(status, count, path_prefix, variant))

    def fail_next_job(
        self,
        code: str = "invalid_training_file",
        message: str = "The training file has an invalid format: line 1 has no 'messages'.",
    ) -> None:
        """Make the next created job fail after its first running step with this error."""
        with self._lock:
            self._job_failures.append((code, message))

    # -- inspection ------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, method: str | None = None, prefix: str = "") -> list[RecordedRequest]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and r.path.startswith(prefix)
        ]

    @property
    def uploads(self) -> list[StoredFile]:
        with self._lock:
            return list(self.files.values())

    # -- request handling (called from server threads) -------------------------------------

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(target)
        path = parts.path.rstrip("/") or "/"
        query = parse_qs(parts.query)
        with self._lock:
            self._requests.append(RecordedRequest(method, path, query, headers, body))
            fault = self._take_fault(path)
            if fault is not None:
                return self._fault_response(fault, headers)
            if headers.get("authorization") != f"Bearer {self.api_key}":
                return self._unauthorized(headers)
            if path.startswith("/v1/fine_tuning") and not self.fine_tuning:
                return _error(404, "Not Found", "invalid_request_error", code="not_found")
            try:
                return self._route(method, path, query, headers, body)
            except _HTTPError as exc:
                return exc.status, exc.payload

    def _take_fault(self, path: str) -> _Fault | None:
        for fault in self._faults:
            if fault.path_prefix is None or path.startswith(fault.path_prefix):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _fault_response(self, fault: _Fault, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if fault.status == 401:
            return self._unauthorized(headers)
        if fault.status == 429 and fault.variant == "insufficient_quota":
            return _error(
                429,
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota",
                code="insufficient_quota",
            )
        if fault.status == 429:
            return _error(
                429,
                "Rate limit reached for requests. Please try again in 1s.",
                "requests",
                code="rate_limit_exceeded",
            )
        if fault.status >= 500:
            return _error(
                fault.status, "The server had an error processing your request.", "server_error"
            )
        return _error(fault.status, f"Injected error {fault.status}.", "invalid_request_error")

    @staticmethod
    def _unauthorized(headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        presented = headers.get("authorization", "").removeprefix("Bearer ")
        return _error(
            401,
            f"Incorrect API key provided: {presented}. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            code="invalid_api_key",
        )

    def _route(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> tuple[int, dict[str, Any]]:
        if method == "POST" and path == "/v1/files":
            return 200, self._upload(headers, body)
        if method == "POST" and path == "/v1/chat/completions":
            return 200, self._chat(_json(body))
        if path == "/v1/fine_tuning/jobs":
            if method == "POST":
                return 200, self._create_job(_json(body))
            if method == "GET":
                jobs = [j.public for j in reversed(self.jobs.values())]
                return 200, _page(jobs[: _limit(query, 20)])
        match = _JOB_PATH.match(path)
        if match:
            job = self.jobs.get(match["id"])
            if job is None:
                raise _HTTPError(
                    404, f"No fine-tuning job found with id {match['id']}", code="not_found"
                )
            sub = match["sub"]
            if method == "GET" and sub is None:
                self._advance(job)
                return 200, job.public
            if method == "GET" and sub == "events":
                return 200, _page(list(reversed(job.events))[: _limit(query, 20)])
            if method == "GET" and sub == "checkpoints":
                return 200, _page(list(reversed(job.checkpoints))[: _limit(query, 10)])
            if method == "POST" and sub == "cancel":
                return 200, self._cancel(job)
        raise _HTTPError(404, f"Unknown request URL: {method} {path}.", code="unknown_url")

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        """A chat completion that says which model answered and what it was asked, so a test
        can tell a fine-tuned model's answer from the base's.
        """
        model = params.get("model", "")
        last = next(
            (m["content"] for m in reversed(params.get("messages", [])) if m["role"] == "user"), ""
        )
        content = f"[{model}] answer to: {last}"
        cid, created = f"chatcmpl-{secrets.token_hex(6)}", int(time.time())
        if params.get("stream"):  # server-sent events, a word at a time, as OpenAI streams
            words = re.findall(r"\S+\s*", content)
            return {
                SSE: [
                    {
                        "id": cid,
                        "object": "chat.completion.chunk",
                        "created": created,
                        "model": model,
                        "choices": [{"index": 0, "delta": {"content": w}, "finish_reason": None}],
                    }
                    for w in words
                ]
                + [
                    {
                        "id": cid,
                        "object": "chat.completion.chunk",
                        "created": created,
                        "model": model,
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                    }
                ]
            }
        return {
            "id": cid, "object": "chat.completion", "created": created, "model": model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }  # fmt: skip

    def _upload(self, headers: dict[str, str], body: bytes) -> dict[str, Any]:
        fields = _multipart(headers.get("content-type", ""), body)
        if "file" not in fields:
            raise _HTTPError(400, "Missing required parameter: 'file'.", param="file")
        purpose = fields.get("purpose", (None, b""))[1].decode()
        if purpose != "fine-tune":
            raise _HTTPError(400, f"Invalid purpose {purpose!r}.", param="purpose")
        filename, content = fields["file"]
        stored = StoredFile(
            id=f"file-{secrets.token_hex(12)}",
            filename=filename or "upload.jsonl",
            purpose=purpose,
            content=content,
            created_at=int(time.time()),
        )
        self.files[stored.id] = stored
        return stored.public()

    def _create_job(self, params: dict[str, Any]) -> dict[str, Any]:
        model = params.get("model")
        if not isinstance(model, str) or not model:
            raise _HTTPError(400, "Missing required parameter: 'model'.", param="model")
        training = self.files.get(str(params.get("training_file")))
        if training is None:
            raise _HTTPError(
                400, f"invalid training_file: {params.get('training_file')}", param="training_file"
            )
        validation_id = params.get("validation_file")
        if validation_id is not None and validation_id not in self.files:
            raise _HTTPError(
                400, f"invalid validation_file: {validation_id}", param="validation_file"
            )
        suffix = params.get("suffix")
        if suffix is not None and len(suffix) > 64:
            raise _HTTPError(400, "suffix must be at most 64 characters", param="suffix")
        method = params.get("method") or {"type": "supervised"}
        kind = method.get("type", "supervised")
        hyper = dict((method.get(kind) or {}).get("hyperparameters") or {})
        epochs = hyper.get("n_epochs", "auto")
        hyper.setdefault("n_epochs", "auto")
        hyper.setdefault("batch_size", "auto")
        hyper.setdefault("learning_rate_multiplier", "auto")
        echoed_method = {"type": kind, kind: {"hyperparameters": hyper}}
        job_id = f"ftjob-{secrets.token_hex(12)}"
        public = {
            "id": job_id,
            "object": "fine_tuning.job",
            "created_at": int(time.time()),
            "model": model,
            "organization_id": "org-lifelong",
            "result_files": [],
            "seed": 42,
            "status": "validating_files",
            "training_file": training.id,
            "validation_file": validation_id,
            "hyperparameters": {
                k: hyper[k] for k in ("n_epochs", "batch_size", "learning_rate_multiplier")
            },
            "error": None,
            "fine_tuned_model": None,
            "finished_at": None,
            "trained_tokens": None,
            "estimated_finish": None,
            "integrations": [],
            "metadata": None,
            "method": echoed_method,
        }
        tokens = len(training.content) // 4 * (epochs if isinstance(epochs, int) else 3)
        job = _Job(public=public, suffix=suffix, tokens=tokens)
        if self._job_failures:
            job.fail = self._job_failures.pop(0)
        self.jobs[job_id] = job
        self._event(job, f"Created fine-tuning job: {job_id}")
        return public

    def _advance(self, job: _Job) -> None:
        """One step of the job's life per GET of the job."""
        public = job.public
        status = public["status"]
        if status == "validating_files":
            public["status"] = "queued"
            self._event(job, f"Validated training file: {public['training_file']}")
        elif status == "queued":
            public["status"] = "running"
            self._event(job, "Fine-tuning job started")
        elif status == "running":
            job.step += 1
            loss = round(2.0 / (job.step + 1) + 0.1, 4)
            total = self.running_polls
            if self.metrics_events:
                self._event(
                    job,
                    f"Step {job.step}/{total}: training loss={loss}",
                    data={
                        "step": job.step,
                        "train_loss": loss,
                        "total_steps": total,
                        "train_mean_token_accuracy": 0.5,
                    },
                    kind="metrics",
                )
            job.checkpoints.append(
                {
                    "id": f"ftckpt-{secrets.token_hex(8)}",
                    "object": "fine_tuning.job.checkpoint",
                    "created_at": int(time.time()),
                    "fine_tuned_model_checkpoint": (
                        f"ft:{public['model']}:lifelong:{job.suffix or ''}:abc123"
                        f":ckpt-step-{job.step}"
                    ),
                    "fine_tuning_job_id": public["id"],
                    "metrics": {"step": float(job.step), "train_loss": loss},
                    "step_number": job.step,
                }
            )
            if job.fail is not None:
                code, message = job.fail
                public["status"] = "failed"
                public["error"] = {"code": code, "message": message, "param": None}
                public["finished_at"] = int(time.time())
                self._event(job, message, level="error")
            elif job.step >= self.running_polls:
                public["status"] = "succeeded"
                public["fine_tuned_model"] = (
                    f"ft:{public['model']}:lifelong:{job.suffix or ''}:abc123"
                )
                public["trained_tokens"] = job.tokens
                public["finished_at"] = int(time.time())
                self._event(job, "The job has successfully completed")

    def _cancel(self, job: _Job) -> dict[str, Any]:
        if job.public["status"] in ("succeeded", "failed", "cancelled"):
            raise _HTTPError(
                400, f"Job {job.public['id']} has already completed: {job.public['status']}."
            )
        job.public["status"] = "cancelled"
        job.public["finished_at"] = int(time.time())
        self._event(job, "Fine-tuning job cancelled")
        return job.public

    @staticmethod
    def _event(
        job: _Job,
        message: str,
        *,
        data: dict[str, Any] | None = None,
        kind: str = "message",
        level: str = "info",
    ) -> None:
        job.events.append(
            {
                "id": f"ftevent-{secrets.token_hex(8)}",
                "object": "fine_tuning.job.event",
                "created_at": int(time.time()),
                "level": level,
                "message": message,
                "data": data or {},
                "type": kind,
            }
        )


class _HTTPError(Exception):
    def __init__(
        self, status: int, message: str, *, param: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.payload = _error(status, message, "invalid_request_error", param=param, code=code)[1]


def _error(
    status: int, message: str, kind: str, *, param: str | None = None, code: str | None = None
) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _page(data: list[dict[str, Any]]) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": False}


def _limit(query: dict[str, list[str]], default: int) -> int:
    try:
        return max(1, int(query.get("limit", [default])[0]))
    except ValueError as exc:
        raise _HTTPError(400, "limit must be an integer", param="limit") from exc


def _json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body or b"{}")
    except json.JSONDecodeError as exc:
        raise _HTTPError(400, f"We could not parse the JSON body of your request: {exc}") from exc
    if not isinstance(value, dict):
        raise _HTTPError(400, "The request body must be a JSON object.")
    return value


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """``name -> (filename, content)`` of a multipart/form-data body."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.startswith("multipart/form-data") or match is None:
        raise _HTTPError(400, "Expected a multipart/form-data body.")
    delimiter = b"--" + match.group(1).encode("latin-1")
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in body.split(delimiter)[1:]:
        if part.startswith(b"--"):
            break
        part = part.removeprefix(b"\r\n")
        head, _, content = part.partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        disposition = ""
        for line in head.decode("utf-8").split("\r\n"):
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-disposition":
                disposition = value
        name_match = re.search(r'\bname="([^"]*)"', disposition)
        file_match = re.search(r'\bfilename="([^"]*)"', disposition)
        if name_match:
            fields[name_match.group(1)] = (file_match.group(1) if file_match else None, content)
    return fields


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOpenAI/1.0"

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        body = self._read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake: FakeOpenAIServer = self.server.fake  # type: ignore[attr-defined]
        status, payload = fake.handle(self.command, self.path, headers, body)
        if isinstance(payload, dict) and SSE in payload:
            events = [f"data: {json.dumps(chunk)}\n\n" for chunk in payload[SSE]]
            data = ("".join(events) + "data: [DONE]\n\n").encode("utf-8")
            content_type = "text/event-stream"
        else:
            data = json.dumps(payload).encode("utf-8")
            content_type = "application/json"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", f"req_{secrets.token_hex(8)}")
        self.end_headers()
        self.wfile.write(data)
