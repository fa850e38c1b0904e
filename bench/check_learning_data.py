"""Is the learning benchmark's rubric fair? Runs the untrained base model on every persona's
held-out questions and general probes.

The rubric only measures learning if the base model does not already pass it: per persona, base
fact recall must be at most 0.20 and base voice at most 0.10. Otherwise a keyword or marker is
too easy to hit by chance (change the data in ``bench/data/make_learning.py`` and regenerate).
``general`` is the base model's score on the general probes: the level a trained persona should
keep. Prints JSON; exits 1 if a persona is not fair.

    python bench/check_learning_data.py [--batch-size 32] [--answers answers.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch

from bench.learning_data import general_hit, load_personas, recall_hit, voice_hit
from lifelong.engine.base_models import resolve_base_model

MAX_RECALL = 0.20
MAX_VOICE = 0.10
MAX_NEW_TOKENS = 64


def generate(model, tokenizer, system: str, questions: list[str], batch_size: int) -> list[str]:
    """Greedy answers to ``questions`` under ``system``, batched with left padding."""
    prompts = [
        tokenizer.apply_chat_template(
            [{"role": "system", "content": system}, {"role": "user", "content": q}],
            add_generation_prompt=True,
            tokenize=False,
        )
        for q in questions
    ]
    answers = []
    for start in range(0, len(prompts), batch_size):
        batch = tokenizer(
            prompts[start : start + batch_size],
            return_tensors="pt",
            padding=True,
            add_special_tokens=False,  # the chat template already has them
        )
        with torch.inference_mode():
            out = model.generate(
                **batch,
                max_new_tokens=MAX_NEW_TOKENS,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
            )
        new = out[:, batch["input_ids"].shape[1] :]
        answers.extend(tokenizer.batch_decode(new, skip_special_tokens=True))
    return [a.strip() for a in answers]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--models", type=Path, default=Path(".lifelong/models"))
    parser.add_argument("--answers", type=Path, help="also write every answer here (JSONL)")
    args = parser.parse_args()

    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(2)
    path = resolve_base_model(None, args.models).path
    tokenizer = AutoTokenizer.from_pretrained(path)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).eval()

    started = time.perf_counter()
    report: dict[str, dict[str, object]] = {}
    rows = []
    for persona in load_personas():
        heldout = persona.heldout()
        questions = [q for _, q in heldout] + [p.question for p in persona.general_probes]
        # One batch for both kinds of question: on a busy 2-core CPU, fewer batches is faster.
        replies = generate(model, tokenizer, persona.system_prompt, questions, args.batch_size)
        answers, general = replies[: len(heldout)], replies[len(heldout) :]
        print(
            f"{persona.name}: {len(replies)} answers, {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        recall = [recall_hit(a, fact) for (fact, _), a in zip(heldout, answers, strict=True)]
        voice = [voice_hit(a, persona) for a in answers]
        general_ok = [
            general_hit(a, p) for p, a in zip(persona.general_probes, general, strict=True)
        ]
        recall_rate = sum(recall) / len(recall)
        voice_rate = sum(voice) / len(voice)
        report[persona.name] = {
            "holdout": persona.holdout,
            "questions": len(answers),
            "base_recall": round(recall_rate, 3),
            "base_voice": round(voice_rate, 3),
            "base_general": round(sum(general_ok) / len(general_ok), 3),
            "fair": recall_rate <= MAX_RECALL and voice_rate <= MAX_VOICE,
        }
        for (fact, q), a, r, v in zip(heldout, answers, recall, voice, strict=True):
            rows.append({"persona": persona.name, "fact": fact.id, "question": q, "answer": a,
                         "recall": r, "voice": v})  # fmt: skip
        for p, a, ok in zip(persona.general_probes, general, general_ok, strict=True):
            rows.append({"persona": persona.name, "general": p.question, "answer": a, "hit": ok})

    if args.answers:
        args.answers.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    fair = all(r["fair"] for r in report.values())
    print(
        json.dumps(
            {
                "personas": report,
                "fair": fair,
                "limits": {"recall": MAX_RECALL, "voice": MAX_VOICE},
                "seconds": round(time.perf_counter() - started, 1),
            },
            indent=1,
        )
    )
    return 0 if fair else 1


if __name__ == "__main__":
    sys.exit(main())
