"""FAKE vLLM package for CI (see entrypoints/openai/api_server.py); never installed."""
