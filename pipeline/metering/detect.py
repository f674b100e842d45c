"""Which server answers an endpoint (vLLM, SGLang, llama.cpp), found from what it publishes, not from config.

An endpoint's backend profile says how to price it; it does not say whether /metrics exist. `--endpoint`
and `--serve vllm` default to the hosted-generic profile, so the server is asked instead: its Prometheus
metric names (vllm:*, sglang:*, llamacpp:*), else the `owned_by` of GET /models (vllm, sglang, llamacpp;
llama-cpp-python says "me") and vLLM's GET /version. Every probe is one unauthenticated GET; a hosted API
answers 401 or 404 and is left alone.
"""
from __future__ import annotations

import json

from assay.metering.server_metrics import fetch, parse_prometheus

META_KEY = "servers"  # journal meta: what each endpoint's server was found to be, for `assay report`

PREFIXES = {"vllm:": "vllm", "sglang:": "sglang", "llamacpp:": "llama.cpp"}
OWNED_BY = {"vllm": "vllm", "sglang": "sglang", "llamacpp": "llama.cpp", "me": "llama-cpp-python"}


def root_url(base_url: str) -> str:
    """Servers publish /metrics and /version at the root, beside /v1."""
    root = base_url.rstrip("/")
    return root[:-3] if root.endswith("/v1") else root


def from_metrics(names: dict[str, float]) -> str | None:
    for name in names:
        for prefix, server in PREFIXES.items():
            if name.startswith(prefix):
                return server
    return None


def from_models(text: str | None) -> str | None:
    try:
        owners = {m.get("owned_by") for m in json.loads(text or "")["data"]}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return next((OWNED_BY[o] for o in owners if o in OWNED_BY), None)


def detect(base_url: str, timeout_s: float = 3.0) -> dict:
    """{"server": name or None, "how": what said so, "metrics": True when /metrics has names assay samples,
    "version": vLLM's version when it says}. Blocking: run it in a thread."""
    root = root_url(base_url)
    server = from_metrics(parse_prometheus(fetch(root + "/metrics", timeout_s) or ""))
    info: dict = {"server": server, "how": f"GET /metrics names {server.replace('.', '')}:*" if server else None,
                  "metrics": server is not None, "version": None}
    if server is None:
        server = from_models(fetch(base_url.rstrip("/") + "/models", timeout_s))
        if server is not None:
            info.update(server=server, how=f"GET /models owned_by ({server})")
    if server in (None, "vllm"):
        try:
            version = json.loads(fetch(root + "/version", timeout_s) or "")["version"]
        except (ValueError, KeyError, TypeError):
            version = None
        if isinstance(version, str) and server is None:  # /version alone is vLLM's; others may use the path
            info.update(server="vllm?", how="GET /version answered")
        info["version"] = version if isinstance(version, str) else None
    return info


def hint(info: dict | None, interval_s: float) -> str | None:
    """Why an endpoint has no server metrics in the report, and how to get them; None when it has them."""
    if info is None:
        return ("no server was probed (a run from before assay detected servers, or sampling was off): rerun with "
                "--metrics-interval 5 against a vLLM, SGLang or llama.cpp server")
    if info.get("metrics"):
        return None
    server = info.get("server")
    if interval_s <= 0:
        return "sampling was off (metering.metrics_interval_s = 0); set --metrics-interval 5"
    if server == "llama-cpp-python":
        return ("llama-cpp-python's server publishes no /metrics; llama.cpp's own llama-server does with --metrics, "
                "and vLLM always does")
    if server == "llama.cpp":
        return "llama.cpp's llama-server publishes /metrics only when started with --metrics"
    if server == "sglang":
        return "SGLang publishes /metrics only when started with --enable-metrics"
    if server in ("vllm", "vllm?"):
        return "this vLLM answered no /metrics (a proxy in front of it?); point base_url at the vLLM server itself"
    return "the endpoint answers no /metrics with vLLM, SGLang or llama.cpp names (a hosted API publishes none)"
