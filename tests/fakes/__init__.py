"""FAKE servers at the wire, for what cannot be reached here: OpenAI-compatible endpoints, hosted
providers, the Hugging Face Hub and a vLLM launcher. Never inside our objects."""
