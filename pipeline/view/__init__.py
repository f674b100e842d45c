"""`assay view RUN`: a local web page to browse a run's records, served on loopback only.

The server is the standard library's (http.server, one thread a request); the page is plain HTML and
JavaScript (static/) calling the JSON endpoints below. Records are model output: the page writes every
string as text (textContent), never as markup.

    GET /                         the page
    GET /api/records?status=&stage=&reason=&q=   matching records' summaries and the facets
    GET /api/record?id=ID         one record, its evidence located in its sources, its sibling samples
    GET /api/compare?seed=SEED    every sample of a seed, side by side
"""
from __future__ import annotations

import argparse
import ipaddress
import json
import socket
import sqlite3
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from assay.errors import AssayError, UsageError
from assay.secrets import redact
from assay.view.data import RunView

STATIC = {"/": ("index.html", "text/html; charset=utf-8"), "/app.js": ("app.js", "text/javascript; charset=utf-8")}
HEADERS = {"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'",
           "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def loopback(host: str) -> str:
    """The host, if it is a loopback address; anything else is refused (the records may hold private text)."""
    try:
        addrs = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        addrs = set()
    if not addrs or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs):
        raise UsageError(f"--host {host}: assay view serves on loopback only (127.0.0.1, ::1 or localhost), never "
                         "on an address other machines reach. To view from another machine, forward the port: "
                         "ssh -L PORT:127.0.0.1:PORT this-host")
    return host


class _Handler(BaseHTTPRequestHandler):
    view: RunView

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        try:
            self._get()
        except (AssayError, sqlite3.Error) as e:  # a journal that cannot be read now: the page shows why
            self._json({"error": redact(str(e))}, HTTPStatus.SERVICE_UNAVAILABLE)

    def _get(self) -> None:
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path in STATIC:
            name, kind = STATIC[url.path]
            return self._send(HTTPStatus.OK, kind, resources.files("assay.view").joinpath("static", name).read_bytes())
        if url.path == "/favicon.ico":
            return self._send(HTTPStatus.NO_CONTENT, "image/x-icon", b"")
        if url.path == "/api/records":
            return self._json(self.view.records(q.get("status", ""), q.get("stage", ""), q.get("reason", ""),
                                                q.get("q", "")))
        if url.path == "/api/record":
            found = self.view.record(q.get("id", ""))
            if found is None:
                return self._json({"error": f"no record {q.get('id', '')!r} in this run"}, HTTPStatus.NOT_FOUND)
            return self._json(found)
        if url.path == "/api/compare":
            return self._json({"seed": q.get("seed", ""), "records": self.view.compare(q.get("seed", ""))})
        return self._json({"error": f"no such page: {url.path}"}, HTTPStatus.NOT_FOUND)

    def _json(self, body: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, "application/json", json.dumps(body).encode())

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for k, v in HEADERS.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows the URL only
        pass


def serve(run_dir: str | Path, *, host: str = "127.0.0.1", port: int = 0, corpus: str | None = None) -> None:
    family = _family(loopback(host))  # refused before anything else is read
    view = RunView(run_dir, corpus)
    handler = type("Handler", (_Handler,), {"view": view})
    server_cls = type("Server", (ThreadingHTTPServer,), {"daemon_threads": True,
                                                         "address_family": family})
    try:
        server = server_cls((host, port), handler)
    except OSError as e:
        raise UsageError(f"--port {port}: cannot listen on {host}:{port} ({e.strerror}); choose another port, "
                         "or leave --port out for a free one") from e
    shown = f"[{host}]" if ":" in host else host
    print(f"assay view: http://{shown}:{server.server_address[1]}/  ({Path(run_dir)}; Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _family(host: str) -> socket.AddressFamily:
    return socket.getaddrinfo(host, None)[0][0]


def add_parser(sub: argparse._SubParsersAction, commands: dict[str, Any]) -> None:
    """`assay view`, registered by cli.build_parser (one line there)."""
    p = sub.add_parser(
        "view", help="browse a run's records in a local web page (loopback only), also while it runs",
        description=(
            "Serve a page on 127.0.0.1 to browse RUN's records: filter by status, failed stage and reason, search "
            "their text, open one record's trace (plan, steps, tool calls, evidence marked in its source, every "
            "verdict with its reason and cost) and compare the samples of one seed side by side. It reads the "
            "journal read-only, so a run still going shows new records on reload. Ctrl-C stops it."),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", metavar="RUN", help="run directory (the --out of `assay run`)")
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one, printed)")
    p.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1; "
                   "any other address is refused)")
    p.add_argument("--corpus", metavar="DIR", help="source documents (default: the run's, from its config.json)")
    commands["view"] = command


def command(a: argparse.Namespace) -> int:
    try:
        serve(a.run, host=a.host, port=a.port, corpus=a.corpus)
    except KeyboardInterrupt:
        print("assay view: stopped", file=sys.stderr)
    return 0
