"""A hostile endpoint cannot make assay's memory grow: an endless chunked stream and a gzip bomb, each
served by a real loopback server to a real `assay run` subprocess whose peak RSS is measured (not timed)."""
from __future__ import annotations

import functools
import gzip
import json
import socket
import subprocess
import sys
import threading

from assay.seeds import demo_seeds_path
from fakes.research import write_seeds

CORPUS = demo_seeds_path().parent / "corpus"
MODELS = json.dumps({"object": "list", "data": [{"id": "fake-model"}]}).encode()


class HostileServer:
    """GET /models answers; every POST gets `attack(conn)`. Loops are bounded in bytes and stop when the
    client hangs up."""

    def __init__(self, attack):
        self.attack = attack
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"
        self.sent = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        with conn:
            try:
                while True:
                    head = b""
                    while b"\r\n\r\n" not in head:
                        data = conn.recv(65536)
                        if not data:
                            return
                        head += data
                    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                                   if line.lower().startswith(b"content-length:")), 0)
                    body = head.split(b"\r\n\r\n", 1)[1]
                    while len(body) < length:
                        body += conn.recv(65536)
                    if head.startswith(b"GET"):
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                     + str(len(MODELS)).encode() + b"\r\n\r\n" + MODELS)
                    else:
                        self.attack(self, conn)
                        return
            except OSError:
                return

    def close(self):
        self.sock.close()


def endless_chunks(server, conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n" % (1 << 20) + b"x" * (1 << 20) + b"\r\n"
    for _ in range(1536):  # 1.5 GB at most; the client hangs up long before
        conn.sendall(chunk)
        server.sent += 1 << 20


@functools.cache
def bomb() -> bytes:
    return gzip.compress(b'{"choices": [{"message": {"content": "' + b"a" * (1 << 30) + b'"}}]}', compresslevel=9)


def gzip_bomb(server, conn):
    bomb_bytes = bomb()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                 + str(len(bomb_bytes)).encode() + b"\r\n\r\n" + bomb_bytes)
    server.sent += len(bomb_bytes)


def run_against(server, tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 3, ["mars"])
    cfg = tmp_path / "assay.toml"
    cfg.write_text(f'[endpoints.evil]\nbase_url = "{server.url}"\nmodel = "fake-model"\nmax_retries = 1\n'
                   '[roles]\nagent = "evil"\n')
    code = ("import resource, runpy, sys; sys.argv = ['assay'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('assay', run_name='__main__')\n"
            "finally:\n    print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")
    return subprocess.run([sys.executable, "-c", code, "run", "-c", str(cfg), "--seeds", str(seeds), "--corpus",
                           str(CORPUS), "--out", str(tmp_path / "run"), "--no-progress"],
                          capture_output=True, text=True, timeout=300)


def peak_mb(done) -> float:
    return int(done.stderr.rsplit("PEAK_RSS_KB", 1)[1].split()[0]) / 1024


def test_an_endless_chunked_stream_is_cut_at_the_limit(tmp_path):
    server = HostileServer(endless_chunks)
    try:
        done = run_against(server, tmp_path)
    finally:
        server.close()
    assert done.returncode == 3, done.stderr
    assert "larger than the 16 MiB limit" in done.stderr and "Traceback" not in done.stderr
    assert peak_mb(done) < 600, done.stderr  # a run alone peaks near 400 MB; was 1.79 GB: the whole stream was kept


def test_a_gzip_bomb_is_refused_without_inflating_it(tmp_path):
    server = HostileServer(gzip_bomb)
    try:
        done = run_against(server, tmp_path)
    finally:
        server.close()
    assert done.returncode == 3, done.stderr
    assert "'gzip'-encoded body" in done.stderr
    assert peak_mb(done) < 600, done.stderr  # a run alone peaks near 400 MB; was 3.3 GB: decompressed whole
