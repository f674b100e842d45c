"""Why a figure in the report is unknown, and what would make it known: one line per cause, naming the fix."""
from __future__ import annotations

from assay.metering.detect import hint
from assay.metering.meter import Agg, Meter

NAMES = {"vllm": "vLLM", "vllm?": "probably vLLM", "sglang": "SGLang", "llama.cpp": "llama.cpp's llama-server",
         "llama-cpp-python": "llama-cpp-python"}
SELF_HOSTED = ("vllm", "vllm?", "sglang", "llama.cpp", "llama-cpp-python")


def unknowns(meter: Meter, by_endpoint: dict[str, Agg], backend_of: dict[str, str], servers: dict | None,
             sampled: set[str]) -> list[str]:
    """`servers` is the journal's detection ("servers" meta: interval_s and endpoints), None for older runs."""
    notes: list[str] = []
    found = (servers or {}).get("endpoints", {})
    interval = (servers or {}).get("interval_s", 0.0)
    for endpoint, agg in sorted(by_endpoint.items()):
        name = backend_of.get(endpoint, "?")
        backend = meter.backends.get(name)
        info = found.get(endpoint) or {}
        server = NAMES.get(info.get("server"), info.get("server"))
        where = f"endpoint {endpoint!r} ({server + ', ' if server else ''}backend {name})"
        if agg.cache_unreported:
            fix = ("vLLM reports them when started with --enable-prompt-tokens-details (assay's --serve vllm does), "
                   "llama.cpp's llama-server as timings.cache_n")
            if info.get("server") == "llama-cpp-python":
                fix = "llama-cpp-python's server (the embedded one) reports none; " + fix
            notes.append(f"cached and prefilled tokens unknown for {where}: the server reported no cached prompt "
                         f"tokens in {agg.cache_unreported} of {agg.calls} calls; {fix}")
        elif agg.prefilled_tokens is None and agg.choices > agg.calls:
            counted = "the server's /metrics counters below give the true figure" if endpoint in sampled else (
                "sample the server's /metrics (vLLM counts every choice) to get the true figure")
            notes.append(f"prefilled tokens unknown for {where}: calls with n > 1 choices ({agg.choices} choices in "
                         f"{agg.calls} calls) prefill the prompt once per choice and the usage counts it once; {counted}")
        if backend is None:
            notes.append(f"every estimate unknown for {where}: no backend profile {name!r}; add [backends.{name}]")
            continue
        if backend.kind == "hosted" and agg.device_s is None:
            if info.get("server") in SELF_HOSTED:
                notes.append(f"device time, energy and device cost unknown for {where}: it is a {server} server "
                             f"(found by {info.get('how')}) metered with the hosted profile {name!r}, which prices "
                             "tokens and has no device time; rerun with --backend cpu-vllm (vLLM on a CPU), "
                             "cpu-llamacpp, or a GPU profile such as nvidia-h100-vllm")
            elif agg.cost_usd is None:
                notes.append(f"cost unknown for {where}: backend {name!r} lists no token price for its model; add "
                             f"[backends.{name}.prices.\"MODEL\"] input_per_m and output_per_m, or meter a "
                             "self-hosted server with --backend PROFILE")
        if backend.kind == "self-hosted":
            missing = [f for f, v in (("board_power_w", backend.board_power_w),
                                      ("price_per_device_hour_usd", backend.price_per_device_hour_usd)) if v is None]
            if missing:
                notes.append(f"{' and '.join({'board_power_w': 'energy', 'price_per_device_hour_usd': 'cost'}[m] for m in missing)} "
                             f"unknown for {where}: the profile has no {' or '.join(missing)}; set "
                             f"[backends.{name}] {' and '.join(f'{m} = ...' for m in missing)} in the config")
        if agg.flops is None or agg.kv_gb_s is None:
            model = meter.endpoint_models.get(endpoint, "?")
            notes.append(f"FLOPs and KV-cache GB*s unknown for {where}: model {model!r} has no profile; add "
                         f"[models.\"{model}\"] params_total, layers, heads, kv_heads, head_dim")
        if endpoint not in sampled:
            why = hint(found.get(endpoint, {}) if servers is not None else None, interval)
            if why:
                notes.append(f"no server metrics (KV-cache usage, prefix-cache hits) for {where}: {why}")
    return notes
