"""assay: agentic training-data generation with hallucination-rejecting validators and per-backend metering."""
__version__ = "0.1.0"
