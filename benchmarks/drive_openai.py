"""The bare SDK: AsyncOpenAI, one `chat.completions.create` per prompt, N in flight, results kept in memory.

What a hand-rolled script gets: no journal, no validation beyond the SDK's own response parsing.
`--transport aiohttp` and `--uvloop` measure those levers on the SDK alone.
"""
from __future__ import annotations

import argparse
import asyncio
import json

from measure import Window, driver_args, report


async def main(args: argparse.Namespace) -> None:
    import openai

    http_client = openai.DefaultAioHttpClient() if args.transport == "aiohttp" else None
    client = openai.AsyncOpenAI(base_url=args.base_url, api_key="fake", max_retries=0, http_client=http_client)
    rows = [json.loads(line) for line in open(args.prompts)][: args.n]
    slots = asyncio.Semaphore(args.in_flight)
    texts: list[str] = []

    async def one(row: dict) -> None:
        async with slots:
            r = await client.chat.completions.create(model=args.model, messages=row["messages"], max_tokens=384)
            texts.append(r.choices[0].message.content)

    with Window() as w:
        # One task per prompt is what a script does; the semaphore keeps N on the wire.
        await asyncio.gather(*(one(row) for row in rows))
    await client.close()
    report(w.result(len(texts), client=f"openai-{args.transport}" + ("-uvloop" if args.uvloop else ""),
                    in_flight=args.in_flight))


if __name__ == "__main__":
    p = driver_args()
    p.add_argument("--transport", choices=["httpx", "aiohttp"], default="httpx")
    p.add_argument("--uvloop", action="store_true")
    a = p.parse_args()
    if a.uvloop:
        import uvloop
        uvloop.run(main(a))
    else:
        asyncio.run(main(a))
