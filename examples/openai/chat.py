"""A chat loop over lifelong's OpenAI-compatible /v1 with the official OpenAI Python SDK: it
resends the whole history each turn, as chat UIs do, and streams the replies.

    BASE_URL=http://127.0.0.1:8420/v1 KEY=llt_... MODEL=ada python examples/openai/chat.py
"""

from __future__ import annotations

import os
import sys

from openai import OpenAI


def main() -> None:
    client = OpenAI(base_url=os.environ["BASE_URL"], api_key=os.environ["KEY"])
    model = os.environ.get("MODEL", "ada")
    history = [{"role": "system", "content": "Keep your answers short."}]
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        history.append({"role": "user", "content": question})
        reply = ""
        for chunk in client.chat.completions.create(model=model, messages=history, stream=True):
            piece = chunk.choices[0].delta.content if chunk.choices else None
            if piece:
                reply += piece
                print(piece, end="", flush=True)
        print()
        history.append({"role": "assistant", "content": reply})


if __name__ == "__main__":
    main()
