"""assay: agentic training-data generation with hallucination-rejecting validators and per-backend metering.

The Python API (docs/api.md): `assay.Job(...)` to configure and run a job, `assay.open_run(path)` to read one.
"""
__version__ = "0.1.0"

_API = {"Job", "Run", "open_run", "build_config", "load_export"}
__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str):
    """The API loads on first use, so `import assay` (and the CLI) stays as light as before."""
    if name in _API:
        from assay import api

        return getattr(api, name)
    raise AttributeError(f"module 'assay' has no attribute {name!r}")
