"""Post-deploy monitor benchmark: how fast a worse version is rolled back, how often a good one
is rolled back by mistake; the monitor's rule against a hand-written rolling-mean rule, same run.

Served quality is not clean Gaussian noise: the turns of the benchmark personas
(``bench/data/learning``) are recorded with their ratings and corrections and scored by the
real composite scorer (MiniLM), then split into "good" turns and "bad" ones (corrected or
thumbs-down). The previous version serves the pool's own mix; a new version with a true drop
of d serves more bad turns, exactly enough that its mean quality is (1 - d) times the previous
one's. Each simulated deploy is checked every ``--check-every`` served turns (the monitor's
tick), through ``lifelong.learning.monitor.judge`` (the function the runtime's monitor calls),
over its whole window: a false rollback is counted if any check trips.

The canary rollout (``rollout.canary_fraction``) is simulated the same way through
``judge_canary``: per deploy, is the canary promoted or rolled back, and after how many turns
it served (the users it reached) and how many the trait served in all (the time it took, at
``--canary-fraction``).

    python bench/monitor.py --json [--deploys 300] [--check-every 5] [--canary-fraction 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.learning_data import declare_persona, load_personas, record_turns
from lifelong import Runtime, RuntimeConfig
from lifelong.learning.monitor import MonitorPolicy, judge, judge_canary
from lifelong.storage.repos import ServedTurn

OUT = Path(__file__).resolve().parent / "out" / "monitor"
DROPS = (0.10, 0.20, 0.40)


async def _score_pool() -> dict[str, list[dict[str, Any]]]:
    """Every benchmark turn, recorded with its feedback and scored by the real scorer."""
    with tempfile.TemporaryDirectory() as tmp:
        config = RuntimeConfig(home=Path(tmp), background=False)
        async with Runtime.open(config) as rt:
            for persona in load_personas():
                await record_turns(await declare_persona(rt, persona), persona)
            await rt.score_pending()
            pool: dict[str, list[dict[str, Any]]] = {"good": [], "bad": []}
            for persona in load_personas():
                for row in await rt.list_interactions(persona.name, limit=10_000):
                    bad = row.feedback_correction is not None or (
                        row.feedback_rating is not None and row.feedback_rating < 0.5
                    )
                    pool["bad" if bad else "good"].append(
                        {"quality": row.quality, "rating": row.feedback_rating,
                         "corrected": row.feedback_correction is not None}
                    )  # fmt: skip
            return pool


def _pool(refresh: bool) -> dict[str, list[dict[str, Any]]]:
    cached = OUT / "pool.json"
    if cached.is_file() and not refresh:
        return json.loads(cached.read_text())
    pool = asyncio.run(_score_pool())
    OUT.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(pool))
    return pool


class Server:
    """Draws served turns: a bad turn with probability ``p_bad``, else a good one."""

    def __init__(self, pool: dict[str, list[dict[str, Any]]], p_bad: float, rng: random.Random):
        self.pool, self.p_bad, self.rng = pool, p_bad, rng

    def draw(self, n: int) -> list[ServedTurn]:
        out = []
        for k in range(n):
            row = self.rng.choice(self.pool["bad" if self.rng.random() < self.p_bad else "good"])
            out.append(ServedTurn(str(k), float(k), row["quality"], row["rating"],
                                  row["corrected"]))  # fmt: skip
        return out


def _mean(rows: Sequence[dict[str, Any]]) -> float:
    return statistics.fmean(r["quality"] for r in rows)


def _p_bad_for(drop: float, good: float, bad: float, p0: float) -> float:
    """The share of bad turns that lowers the mean quality by ``drop`` (relative)."""
    before = (1 - p0) * good + p0 * bad
    return min(1.0, (good - (1 - drop) * before) / (good - bad))


Rule = Callable[[list[ServedTurn], list[ServedTurn]], bool]


def _ours(policy: MonitorPolicy) -> Rule:
    return lambda new, old: judge(new, old, policy).verdict == "worse"


def _rolling_mean(window: int, drop: float) -> Rule:
    """The rule one writes by hand (and the quality-drop trigger's shape): the last
    ``window`` turns' mean more than ``drop`` below the previous version's mean.
    """

    def rule(new: list[ServedTurn], old: list[ServedTurn]) -> bool:
        if len(new) < window:
            return False
        recent = statistics.fmean(t.quality for t in new[-window:])
        return recent < (1 - drop) * statistics.fmean(t.quality for t in old)

    return rule


def _simulate(
    rule: Rule,
    pool: dict[str, list[dict[str, Any]]],
    *,
    p0: float,
    p_new: float,
    deploys: int,
    policy: MonitorPolicy,
    check_every: int,
    seed: int,
) -> dict[str, Any]:
    """Per deploy: the served turns until the rule first trips (None: never, in the window)."""
    rng = random.Random(seed)
    until: list[int | None] = []
    for _ in range(deploys):
        old = Server(pool, p0, rng).draw(policy.baseline_window)
        new = Server(pool, p_new, rng).draw(policy.max_samples)
        tripped = None
        for n in range(check_every, policy.max_samples + 1, check_every):
            if rule(new[:n], old):
                tripped = n
                break
        until.append(tripped)
    hits = sorted(n for n in until if n is not None)
    return {
        "rolled_back": round(len(hits) / deploys, 4),
        "median_turns": hits[len(hits) // 2] if hits else None,
        "p90_turns": hits[int(len(hits) * 0.9)] if hits else None,
        "within_100": round(sum(n <= 100 for n in hits) / deploys, 4),
    }


def _simulate_canary(
    pool: dict[str, list[dict[str, Any]]],
    *,
    p0: float,
    p_new: float,
    deploys: int,
    policy: MonitorPolicy,
    check_every: int,
    fraction: float,
    seed: int,
) -> dict[str, Any]:
    """Per canary: promoted or rolled back, after how many of its own turns (checked every
    ``check_every`` of them; the active version's recent turns are the reference).
    """
    rng = random.Random(seed)
    outcomes: list[tuple[str, int]] = []
    for _ in range(deploys):
        old = Server(pool, p0, rng).draw(policy.baseline_window)
        new = Server(pool, p_new, rng).draw(policy.max_samples)
        decided = ("watching", policy.max_samples)
        for n in range(check_every, policy.max_samples + 1, check_every):
            verdict = judge_canary(new[:n], old, policy).verdict
            if verdict != "watching":
                decided = ("rolled_back" if verdict == "worse" else "promoted", n)
                break
        outcomes.append(decided)

    def summary(kind: str) -> dict[str, Any]:
        turns = sorted(n for k, n in outcomes if k == kind)
        median = turns[len(turns) // 2] if turns else None
        return {
            "share": round(len(turns) / deploys, 4),
            "median_canary_turns": median,
            # The trait's turns in all meanwhile: the time a decision takes at this fraction.
            "median_total_turns": round(median / fraction) if median else None,
        }

    return {"promoted": summary("promoted"), "rolled_back": summary("rolled_back")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deploys", type=int, default=300)
    parser.add_argument("--check-every", type=int, default=5)
    parser.add_argument("--refresh-pool", action="store_true", help="score the turns again")
    parser.add_argument("--canary-fraction", type=float, default=0.2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    pool = _pool(args.refresh_pool)
    good, bad = _mean(pool["good"]), _mean(pool["bad"])
    p0 = len(pool["bad"]) / (len(pool["good"]) + len(pool["bad"]))
    policy = MonitorPolicy()  # the runtime's defaults ([lifelong.monitor])
    rules = {"monitor": _ours(policy), "rolling_mean_20_10pct": _rolling_mean(20, 0.10)}
    results: dict[str, Any] = {}
    for name, rule in rules.items():
        row: dict[str, Any] = {}
        for drop in (0.0, *DROPS):
            row[f"drop_{int(drop * 100)}pct"] = _simulate(
                rule, pool, p0=p0, p_new=_p_bad_for(drop, good, bad, p0), deploys=args.deploys,
                policy=policy, check_every=args.check_every, seed=int(drop * 1000) + 7,
            )  # fmt: skip
        row["false_rollback"] = row["drop_0pct"]["rolled_back"]
        results[name] = row
    canary: dict[str, Any] = {}
    for drop in (0.0, *DROPS):
        canary[f"drop_{int(drop * 100)}pct"] = _simulate_canary(
            pool, p0=p0, p_new=_p_bad_for(drop, good, bad, p0), deploys=args.deploys,
            policy=policy, check_every=args.check_every, fraction=args.canary_fraction,
            seed=int(drop * 1000) + 11,
        )  # fmt: skip
    ours = results["monitor"]
    report = {
        "pool": {
            "good": len(pool["good"]),
            "bad": len(pool["bad"]),
            "mean_good": round(good, 4),
            "mean_bad": round(bad, 4),
            "bad_share": round(p0, 4),
        },
        "policy": {
            "min_samples": policy.min_samples,
            "max_drop": policy.max_drop,
            "confidence": policy.confidence,
            "baseline_window": policy.baseline_window,
            "max_samples": policy.max_samples,
            "check_every": args.check_every,
        },
        "deploys": args.deploys,
        "results": results,
        "canary": {"fraction": args.canary_fraction, **canary},
        "goal": {
            "drop_20pct_rolled_back_within_100": ours["drop_20pct"]["within_100"],
            "false_rollback": ours["false_rollback"],
            "met": ours["drop_20pct"]["within_100"] >= 0.95 and ours["false_rollback"] <= 0.02,
        },
        "wall_s": round(time.perf_counter() - started, 1),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "monitor.json").write_text(json.dumps(report, indent=2))
    if args.json:
        print(json.dumps(report))
    else:
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
