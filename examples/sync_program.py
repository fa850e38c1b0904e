"""Use lifelong from plain synchronous code: no async anywhere in the caller.

python examples/sync_program.py HOME [BASE_MODEL_FOLDER]

SyncRuntime keeps the runtime (and its background scoring, triggers and training) on its own
thread; each call blocks only the caller until its result is ready.
"""

from __future__ import annotations

import sys

from lifelong import RuntimeConfig, SyncRuntime, Trait


def main(home: str, base_model: str | None) -> None:
    config = RuntimeConfig.load(home=home, training={"base_model": base_model})
    with SyncRuntime(config) as rt:
        bob = rt.persona("bob", traits=[Trait("chef", "gives short cooking advice")])
        turn = bob.record(
            [{"role": "user", "content": "How long do I boil an egg?"},
             {"role": "assistant", "content": "Nine minutes for a firm yolk."}],
            trait="chef",
        )  # fmt: skip
        bob.feedback(turn, rating=0.9)
        print(f"recorded {turn}")
        answer = bob.generate([{"role": "user", "content": "And a soft one?"}], max_new_tokens=20)
        print(f"bob answered with layers {answer.layers or 'none (base model)'}")
        print(f"bob has {rt.call(rt.runtime.count_interactions('bob'))} recorded turns")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
