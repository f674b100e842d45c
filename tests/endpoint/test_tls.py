"""An https endpoint whose certificate this machine does not trust: one message naming TLS and the fix (exit 3),
no seed spent; with the certificate trusted through SSL_CERT_FILE the same command completes."""
from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys

import pytest

from assay.journal import Journal
from assay.seeds import demo_seeds_path
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds

CORPUS = demo_seeds_path().parent / "corpus"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_an_untrusted_certificate_stops_the_run_naming_tls_and_the_fix(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 3, ["mars", "water"])
    fake = FakeOpenAI(research_handler())
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    fake.server.socket = ctx.wrap_socket(fake.server.socket, server_side=True)
    with fake:
        url = f"https://localhost:{fake.server.server_address[1]}/v1"

        def run(**env: str) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "-m", "assay", "run", "--endpoint", url, "--model", "fake-model",
                                   "--seeds", str(seeds), "--corpus", str(CORPUS), "--out", str(tmp_path / "run"),
                                   "--no-progress"], capture_output=True, text=True, timeout=180,
                                  env={**os.environ, **env})
        refused = run()
        assert refused.returncode == 3, refused.stderr
        assert "the TLS connection failed" in refused.stderr and "CERTIFICATE_VERIFY_FAILED" in refused.stderr
        assert "SSL_CERT_FILE" in refused.stderr and refused.stderr.count("error:") == 1
        assert "Traceback" not in refused.stderr and fake.requests == []  # not a token spent
        trusted = run(SSL_CERT_FILE=str(cert))
    assert trusted.returncode == 0, trusted.stderr
    journal = Journal(tmp_path / "run")
    assert len(journal.done_ids()) == 3
    journal.close()
