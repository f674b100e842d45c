"""FAKE Hugging Face Hub on loopback: the HTTP endpoints the real `huggingface_hub` client calls to publish.

The real Hub is unreachable here, so `assay publish` runs its real client code against this server
(HF_ENDPOINT=fake.url). It speaks: whoami-v2, repos/create, branch, dataset info, tree listing,
validate-yaml, preupload, the LFS batch API with the `basic` transfer (PUT to an upload URL), and the
NDJSON commit API. It keeps repos, branches, commits and LFS objects in memory and enforces tokens and
namespaces, so tests can assert what arrived. What it does not speak: the Xet storage protocol (the
client uses it when `hf_xet` is installed), so tests set HF_HUB_DISABLE_XET=1 and the client falls back
to LFS `basic` uploads, which the real Hub also accepts.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import yaml


def git_blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Account:
    name: str
    orgs: dict[str, str] = field(default_factory=dict)  # org -> role in it ("read", "write", "admin")
    role: str = "write"  # the token's role


@dataclass
class File:
    data: bytes
    lfs: bool

    def listing(self, path: str) -> dict:
        entry = {"type": "file", "path": path, "size": len(self.data), "oid": git_blob_sha(self.data)}
        if self.lfs:
            entry["lfs"] = {"oid": hashlib.sha256(self.data).hexdigest(), "size": len(self.data), "pointerSize": 134}
        return entry


@dataclass
class Commit:
    sha: str
    message: str
    description: str
    files: dict[str, File]


@dataclass
class Repo:
    owner: str
    private: bool
    branches: dict[str, list[Commit]] = field(default_factory=dict)

    def head(self, branch: str) -> Commit | None:
        commits = self.branches.get(branch)
        return commits[-1] if commits else None


class FakeHub:
    """Start with `with FakeHub({"hf_alice": Account("alice")}) as hub:`; `hub.url` is its HF_ENDPOINT."""

    def __init__(self, accounts: dict[str, Account]):
        self.accounts = accounts
        self.repos: dict[str, Repo] = {}
        self.lfs: dict[str, bytes] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request, in order
        self.fail_next: dict[str, int] = {}  # route name -> HTTP status to answer once (fault injection)
        self.lock = threading.Lock()
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                with hub.lock:
                    hub.requests.append((method, url.path))
                    status, payload, headers = hub.route(method, url.path, parse_qs(url.query), body, self.headers)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_PUT(self):
                self._handle("PUT")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeHub":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- what tests read ------------------------------------------------------------------------------
    def calls(self, name: str) -> int:
        """How many requests hit a route (e.g. "commit", "lfs-put", "preupload")."""
        return sum(1 for m, p in self.requests if self._route_name(m, p) == name)

    def files(self, repo_id: str, branch: str = "main") -> dict[str, bytes]:
        head = self.repos[repo_id].head(branch)
        return {p: f.data for p, f in head.files.items()} if head else {}

    def commits(self, repo_id: str, branch: str = "main") -> list[Commit]:
        return self.repos[repo_id].branches.get(branch, [])

    # -- routing --------------------------------------------------------------------------------------
    ROUTES = [
        ("whoami", "GET", r"/api/whoami-v2"),
        ("create", "POST", r"/api/repos/create"),
        ("validate", "POST", r"/api/validate-yaml"),
        ("branch", "POST", r"/api/datasets/(?P<repo>[^/]+/[^/]+)/branch/(?P<rev>[^/]+)"),
        ("tree", "GET", r"/api/datasets/(?P<repo>[^/]+/[^/]+)/tree/(?P<rev>[^/]+)(?:/(?P<sub>.*))?"),
        ("preupload", "POST", r"/api/datasets/(?P<repo>[^/]+/[^/]+)/preupload/(?P<rev>[^/]+)"),
        ("commit", "POST", r"/api/datasets/(?P<repo>[^/]+/[^/]+)/commit/(?P<rev>[^/]+)"),
        ("info", "GET", r"/api/datasets/(?P<repo>[^/]+/[^/]+?)(?:/revision/(?P<rev>[^/]+))?"),
        ("lfs-batch", "POST", r"/datasets/(?P<repo>[^/]+/[^/]+)\.git/info/lfs/objects/batch"),
        ("lfs-put", "PUT", r"/fake-lfs/(?P<oid>[0-9a-f]{64})"),
    ]

    def _route_name(self, method: str, path: str) -> str | None:
        for name, m, pattern in self.ROUTES:
            if m == method and re.fullmatch(pattern, path):
                return name
        return None

    def route(self, method, path, query, body, headers):
        for name, m, pattern in self.ROUTES:
            match = re.fullmatch(pattern, path)
            if m == method and match:
                if name in self.fail_next:
                    return self.fail_next.pop(name), {"error": f"injected failure of {name}"}, {}
                auth = headers.get("Authorization", "")
                account = self.accounts.get(auth.removeprefix("Bearer ").strip()) if auth.startswith("Bearer ") else None
                args = {k: unquote(v) for k, v in match.groupdict().items() if v is not None}
                return getattr(self, "_" + name.replace("-", "_"))(account, body, query, **args)
        return 404, {"error": f"fake hub: no route for {method} {path}"}, {}

    # -- helpers --------------------------------------------------------------------------------------
    @staticmethod
    def _err(status: int, message: str, code: str | None = None):
        headers = {"X-Error-Message": message}
        if code:
            headers["X-Error-Code"] = code
        return status, {"error": message}, headers

    def _can_write(self, account: Account | None, owner: str) -> bool:
        if account is None or account.role == "read":
            return False
        return owner == account.name or account.orgs.get(owner) in ("write", "admin")

    def _repo(self, account: Account | None, repo_id: str, rev: str | None = None):
        """(repo, None) when visible, else (None, error reply); checks the branch when given."""
        repo = self.repos.get(repo_id)
        if repo is None or (repo.private and not (account and (account.name == repo.owner or repo.owner in account.orgs))):
            return None, self._err(404, "Repository not found", "RepoNotFound")
        if rev is not None and rev not in repo.branches:
            return None, self._err(404, f"Invalid rev id: {rev}", "RevisionNotFound")
        return repo, None

    def _new_commit(self, repo: Repo, branch: str, message: str, description: str, files: dict[str, File]) -> Commit:
        parent = repo.head(branch)
        seed = (parent.sha if parent else "") + message + json.dumps(sorted((p, git_blob_sha(f.data)) for p, f in files.items()))
        commit = Commit(hashlib.sha1(seed.encode()).hexdigest(), message, description, files)
        repo.branches.setdefault(branch, []).append(commit)
        return commit

    # -- endpoints ------------------------------------------------------------------------------------
    def _whoami(self, account, body, query):
        if account is None:
            return self._err(401, "Invalid credentials in Authorization header")
        return 200, {"type": "user", "name": account.name,
                     "orgs": [{"name": org, "roleInOrg": role} for org, role in account.orgs.items()],
                     "auth": {"type": "access_token", "accessToken": {"displayName": "test", "role": account.role}}}, {}

    def _create(self, account, body, query):
        req = json.loads(body)
        owner = req.get("organization") or (account.name if account else "")
        repo_id = f"{owner}/{req['name']}"
        if account is None:
            return self._err(401, "Invalid credentials in Authorization header")
        if not self._can_write(account, owner):
            return self._err(403, f'You don\'t have the rights to create a dataset under the namespace "{owner}"')
        if repo_id in self.repos:
            return 409, {"error": "You already created this dataset repo", "url": f"{self.url}/datasets/{repo_id}"}, {}
        repo = self.repos[repo_id] = Repo(owner=owner, private=req.get("visibility") == "private")
        # Like the real Hub: a new repo starts with one commit holding .gitattributes.
        self._new_commit(repo, "main", "initial commit", "", {".gitattributes": File(b"*.parquet filter=lfs diff=lfs merge=lfs -text\n", False)})
        return 200, {"url": f"{self.url}/datasets/{repo_id}", "name": repo_id, "id": repo_id}, {}

    def _branch(self, account, body, query, repo, rev):
        r, err = self._repo(account, repo)
        if err:
            return err
        if not self._can_write(account, r.owner):
            return self._err(403, "You don't have write access to this repo")
        if rev in r.branches:
            return self._err(409, f"Reference {rev} already exists")
        r.branches[rev] = list(r.branches["main"])
        return 200, {}, {}

    def _info(self, account, body, query, repo, rev=None):
        r, err = self._repo(account, repo, rev or "main")
        if err:
            return err
        head = r.head(rev or "main")
        return 200, {"id": repo, "author": r.owner, "sha": head.sha, "private": r.private,
                     "siblings": [{"rfilename": p} for p in sorted(head.files)]}, {}

    def _tree(self, account, body, query, repo, rev, sub=None):
        r, err = self._repo(account, repo, rev)
        if err:
            return err
        files = r.head(rev).files
        recursive = query.get("recursive", ["false"])[0].lower() == "true"
        prefix = f"{sub.strip('/')}/" if sub else ""
        entries, folders = [], set()
        for p in sorted(files):
            if not p.startswith(prefix):
                continue
            rest = p[len(prefix):]
            parts = rest.split("/")
            for i in range(1, len(parts)):
                folders.add(prefix + "/".join(parts[:i]))
            if recursive or len(parts) == 1:
                entries.append(files[p].listing(p))
        for folder in sorted(folders):
            if recursive or "/" not in folder[len(prefix):]:
                entries.append({"type": "directory", "path": folder, "oid": "0" * 40, "size": 0})
        return 200, entries, {}

    def _validate(self, account, body, query):
        content = json.loads(body)["content"]
        match = re.match(r"^---\n(.*?)\n---\n", content, re.S)
        errors = []
        meta = yaml.safe_load(match.group(1)) if match else None
        if not isinstance(meta, dict):
            errors.append("README.md has no YAML metadata block")
        else:
            if not isinstance(meta.get("license"), str):
                errors.append('"license" must be a string')
            for i, c in enumerate(meta.get("configs") or []):
                if not (isinstance(c, dict) and c.get("config_name") and c.get("data_files")):
                    errors.append(f'"configs[{i}]" needs config_name and data_files')
        if errors:
            return 400, {"errors": [{"message": e} for e in errors], "warnings": []}, {}
        return 200, {"errors": [], "warnings": []}, {}

    def _preupload(self, account, body, query, repo, rev):
        r, err = self._repo(account, repo, rev)
        if err:
            return err
        head = r.head(rev)
        out = []
        for f in json.loads(body)["files"]:
            sample = base64.b64decode(f["sample"])
            lfs = f["path"].endswith(".parquet") or b"\0" in sample or f["size"] > 10_000_000
            entry = {"path": f["path"], "uploadMode": "lfs" if lfs else "regular", "shouldIgnore": False}
            existing = head.files.get(f["path"])
            if existing is not None:  # the client compares this with its local hash to skip unchanged files
                entry["oid"] = hashlib.sha256(existing.data).hexdigest() if lfs else git_blob_sha(existing.data)
            out.append(entry)
        return 200, {"files": out, "commit": head.sha}, {}

    def _lfs_batch(self, account, body, query, repo):
        r, err = self._repo(account, repo)
        if err:
            return err
        if not self._can_write(account, r.owner):
            return self._err(403, "You don't have write access to this repo")
        req = json.loads(body)
        objects = []
        for obj in req["objects"]:
            entry = {"oid": obj["oid"], "size": obj["size"], "authenticated": True}
            if obj["oid"] not in self.lfs:  # already stored objects get no actions: the client skips them
                entry["actions"] = {"upload": {"href": f"{self.url}/fake-lfs/{obj['oid']}"}}
            objects.append(entry)
        return 200, {"transfer": "basic", "objects": objects}, {}

    def _lfs_put(self, account, body, query, oid):
        if hashlib.sha256(body).hexdigest() != oid:
            return 400, {"error": "content does not match its oid"}, {}
        self.lfs[oid] = body
        return 200, {}, {}

    def _commit(self, account, body, query, repo, rev):
        r, err = self._repo(account, repo, rev)
        if err:
            return err
        if not self._can_write(account, r.owner):
            return self._err(403, "You don't have write access to this repo")
        lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        header = lines[0]["value"]
        files = dict(r.head(rev).files)
        for item in lines[1:]:
            key, value = item["key"], item["value"]
            if key == "file":
                files[value["path"]] = File(base64.b64decode(value["content"]), False)
            elif key == "lfsFile":
                if value["oid"] not in self.lfs:
                    return self._err(422, f"LFS object {value['oid']} was never uploaded")
                files[value["path"]] = File(self.lfs[value["oid"]], True)
            elif key == "deletedFile":
                files.pop(value["path"], None)
            elif key == "deletedFolder":
                files = {p: f for p, f in files.items() if not p.startswith(value["path"].rstrip("/") + "/")}
        commit = self._new_commit(r, rev, header["summary"], header.get("description", ""), files)
        return 200, {"commitUrl": f"{self.url}/datasets/{repo}/commit/{commit.sha}", "commitOid": commit.sha,
                     "pullRequestUrl": None}, {}
