"""The genome: ``layers list / show / activate / rollback / pin / prune / merge``."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from typing import Any

import click

from lifelong._names import MERGED
from lifelong.cli import output as out
from lifelong.cli.common import (
    EXIT_FAILED,
    VERSION,
    _common,
    _echo_json,
    _fail,
    _persona,
    _trait,
    _user,
    _with_runtime,
    cli,
)
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime


@cli.group("layers")
def layers_group() -> None:
    """The genome: layer versions per trait, which one is active, retention."""


@layers_group.command("list")
@click.option("--persona", required=True, help="Persona whose layers to list.")
@click.option("--trait", help="Only this trait.")
@_common
def layers_list_cmd(config: RuntimeConfig, as_json: bool, persona: str, trait: str | None) -> None:
    """Every version of the persona's layers; * marks the active one of each trait, ~ a
    canary serving a share of its conversations beside it.
    """

    async def work(rt: Runtime) -> list[dict[str, Any]]:
        if trait is not None:
            await _trait(rt, persona, trait)
        else:
            await _persona(rt, persona)
        return [dict(r) for r in await rt.layers.versions(persona, trait)]

    rows = _with_runtime(config, work)
    for row in rows:
        row.pop("manifest", None)  # `layers show` has it
        _flags(row)
    if as_json:
        _echo_json(rows)
        return
    out.console().print(
        out.table(
            "", "trait", "version", "status", "kind", "provider", "size", "pinned", "created",
            "by", "gate",
            rows=[(_marker(r), r["trait"], f"v{r['version']}", r["status"],
                   r["kind"], r["provider"], out.fmt_bytes(r["artifact_bytes"]),
                   r["pinned"], out.fmt_time(r["created_at"]), r["created_by"],
                   out.gate_text(r["evaluation"])) for r in rows],
        )
    )  # fmt: skip
    if not rows:
        click.echo(f"{persona} has no layers yet")


def _flags(row: dict[str, Any]) -> None:
    """The database's 0/1 flags of a version row as booleans, for JSON and tables."""
    for flag in ("active", "pinned", "canary"):
        row[flag] = bool(row.get(flag))


def _marker(row: dict[str, Any]) -> str:
    return "*" if row["active"] else "~" if row["canary"] else ""


@layers_group.command("show")
@click.argument("persona")
@click.argument("trait")
@click.argument("version", type=VERSION)
@_common
def layers_show_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str, version: int
) -> None:
    """One version in full: manifest, evaluation (held-out NLL, gate), artifact. The artifact
    is re-hashed: a corrupt or missing one is reported and the command exits 1.
    """

    async def work(rt: Runtime) -> dict[str, Any]:
        await _trait(rt, persona, trait)
        row = await rt.layers.get(persona, trait, version)
        return {**row, "artifact": await asyncio.to_thread(_check_artifact, rt, row)}

    row = _with_runtime(config, work)
    _flags(row)
    check = row["artifact"]
    if as_json:
        _echo_json(row)
        if not check["ok"]:
            _fail(f"artifact {check['problem']}: {check['error']}")
        return
    evaluation = row.get("evaluation") or {}
    console = out.console()
    console.print(
        out.kv_table(
            [
                ("layer", f"{row['persona']}/{row['trait']} v{row['version']}"
                          + (" (active)" if row["active"] else "")
                          + (f" (canary, {row['canary_fraction']:.0%} of conversations)"
                             if row["canary"] else "")),
                ("status", row["status"]),
                ("kind", row["kind"]),
                ("provider", row["provider"]),
                ("method", out.method_text(row.get("manifest"))),
                ("artifact", row["artifact_sha256"]),
                ("size", out.fmt_bytes(row["artifact_bytes"])),
                ("remote model", row["remote_model"]),
                ("parent", f"v{row['parent_version']}" if row["parent_version"] else "base"),
                ("pinned", row["pinned"]),
                ("job", row["job_id"]),
                ("created", f"{out.fmt_time(row['created_at'])} by {row['created_by']}"),
                ("last used", out.fmt_time(row.get("last_used_at"))),
                ("held-out NLL", out.nll_text(evaluation)),
                ("behaviour", out.behaviour_text(evaluation)),
                ("gate", out.gate_text(evaluation)),
                ("monitor", out.monitor_text(row.get("monitor"))),
            ],
            title="layer",
        )
    )  # fmt: skip
    console.print(out.kv_table([("manifest", out.cell(row["manifest"]))]))
    rest = {k: v for k, v in evaluation.items() if k not in ("gate", "heldout")}
    if rest:
        console.print(out.kv_table([("evaluation", out.cell(rest))]))
    if not check["ok"]:
        _fail(f"artifact {check['problem']}: {check['error']}")
    if check["path"] is not None:
        click.echo(f"artifact ok ({check['path']})")


def _check_artifact(rt: Runtime, row: Mapping[str, Any]) -> dict[str, Any]:
    """Re-hash the version's artifact the way loading it would (for a pruned version, the
    verified backup it would be restored from). ``ok`` is False, with the problem, when it
    would be refused.
    """
    from lifelong.genome.artifacts import ArtifactCorrupted, ArtifactMissing, digest

    sha = row["artifact_sha256"]
    if not sha:  # a remote model: nothing on disk
        return {"ok": True, "path": None, "problem": None, "error": None}
    try:
        if row["status"] == "pruned":  # retention moved it to the backup on purpose
            path = rt.artifacts.backups / sha
            if not path.is_dir():
                raise ArtifactMissing(
                    f"adapter artifact {sha[:16]}... of a pruned version has no backup in "
                    f"{rt.artifacts.backups}"
                )
            found, _ = digest(path)
            if found != sha:
                raise ArtifactCorrupted(sha, path, found)
        else:
            path = rt.layers.artifact_path(row)
    except ArtifactCorrupted as exc:
        return {"ok": False, "path": None, "problem": "corrupt", "error": str(exc)}
    except ArtifactMissing as exc:
        return {"ok": False, "path": None, "problem": "missing", "error": str(exc)}
    return {"ok": True, "path": str(path), "problem": None, "error": None}


_FORCE = click.option(
    "--force", is_flag=True,
    help="Serve a version the auto-test rejected (needs --reason).",
)  # fmt: skip


@layers_group.command("activate")
@click.argument("persona")
@click.argument("trait")
@click.argument("version", type=VERSION)
@click.option("--reason", help="Why (kept in the activation history).")
@_FORCE
@_common
def layers_activate_cmd(
    config: RuntimeConfig,
    as_json: bool,
    persona: str,
    trait: str,
    version: int,
    reason: str | None,
    force: bool,
) -> None:
    """Make VERSION the active layer of (PERSONA, TRAIT). A version the auto-test rejected
    needs --force and --reason.
    """

    async def work(rt: Runtime) -> int | None:
        await _trait(rt, persona, trait)
        return await rt.layers.activate(
            persona, trait, version, by=f"cli:{_user()}", reason=reason, force=force
        )

    previous = _with_runtime(config, work)
    if as_json:
        _echo_json({"persona": persona, "trait": trait, "active": version, "previous": previous})
    else:
        before = f"v{previous}" if previous is not None else "base model"
        click.echo(f"{persona}/{trait}: {before} -> v{version} active")


@layers_group.command("rollback")
@click.argument("persona")
@click.argument("trait")
@click.option("--to", "to", type=VERSION, help="Version to go back to (default: the previous).")
@click.option("--reason", help="Why (kept in the activation history).")
@_FORCE
@_common
def layers_rollback_cmd(
    config: RuntimeConfig,
    as_json: bool,
    persona: str,
    trait: str,
    to: int | None,
    reason: str | None,
    force: bool,
) -> None:
    """Go back to the previous deployed version (or --to V); past v1 is the base model."""

    async def work(rt: Runtime) -> tuple[int | None, int | None]:
        await _trait(rt, persona, trait)
        versions = await rt.layers.versions(persona, trait)
        current = next((r["version"] for r in versions if r["active"]), None)
        now = await rt.layers.rollback(
            persona, trait, to=to, by=f"cli:{_user()}", reason=reason, force=force
        )
        return current, now

    previous, now = _with_runtime(config, work)
    if as_json:
        _echo_json({"persona": persona, "trait": trait, "active": now, "previous": previous})
    else:
        after = f"v{now}" if now is not None else "the base model"
        click.echo(f"{persona}/{trait}: rolled back from v{previous} to {after}")


@layers_group.command("history")
@click.argument("persona")
@click.argument("trait", required=False)
@_common
def layers_history_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str | None
) -> None:
    """Every deploy, activation and rollback (the runtime's own included), oldest first:
    when, who, why, from which version to which.
    """

    async def work(rt: Runtime) -> list[dict[str, Any]]:
        if trait is not None:
            await _trait(rt, persona, trait)
        return await rt.layer_history(persona, trait)

    rows = _with_runtime(config, work)
    if as_json:
        _echo_json(rows)
        return

    def version(v: int | None) -> str:
        return f"v{v}" if v is not None else "base"

    out.console().print(
        out.table(
            "time", "trait", "action", "from", "to", "by", "why",
            rows=[(out.fmt_time(r["ts"]), r["trait"], r["action"], version(r["from_version"]),
                   version(r["to_version"]), r["by"] or "-", r["reason"] or "-") for r in rows],
        )
    )  # fmt: skip
    if not rows:
        click.echo(f"{persona} has no layer history yet")


@layers_group.command("pin")
@click.argument("persona")
@click.argument("trait")
@click.argument("version", type=VERSION)
@click.option("--unpin", is_flag=True, help="Remove the pin instead.")
@_common
def layers_pin_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str, version: int, unpin: bool
) -> None:
    """Pin VERSION: never pruned, its loaded layer never evicted (--unpin to undo)."""

    async def work(rt: Runtime) -> None:
        await _trait(rt, persona, trait)
        await rt.layers.pin(persona, trait, version, pinned=not unpin)

    _with_runtime(config, work)
    if as_json:
        _echo_json({"persona": persona, "trait": trait, "version": version, "pinned": not unpin})
    else:
        click.echo(f"{persona}/{trait} v{version}: {'unpinned' if unpin else 'pinned'}")


@layers_group.command("prune")
@click.option("--persona", required=True, help="Persona whose layers to prune.")
@click.option("--trait", help="Only this trait.")
@click.option(
    "--keep", type=int, help="Versions to keep per trait [default: genome.keep_versions]."
)
@_common
def layers_prune_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str | None, keep: int | None
) -> None:
    """Keep the last K versions per trait (plus pinned and active ones); back up the rest."""
    keep = keep if keep is not None else config.genome.keep_versions

    async def work(rt: Runtime) -> Any:
        if trait is not None:
            await _trait(rt, persona, trait)
        else:
            await _persona(rt, persona)
        return await rt.layers.prune(persona, trait, keep=keep)

    result = _with_runtime(config, work)
    data = {
        "pruned": [{"trait": t, "version": v} for t, v in result.pruned],
        "kept": [{"trait": t, "version": v} for t, v in result.kept],
        "backed_up_bytes": result.backed_up_bytes,
    }
    if as_json:
        _echo_json(data)
        return
    names = ", ".join(f"{t}/v{v}" for t, v in result.pruned) or "nothing"
    click.echo(
        f"pruned {names}; kept {len(result.kept)} version(s); "
        f"{out.fmt_bytes(result.backed_up_bytes)} moved to the backup"
    )


@layers_group.command("push")
@click.option("--persona", help="Only this persona's layers.")
@_common
def layers_push_cmd(config: RuntimeConfig, as_json: bool, persona: str | None) -> None:
    """Upload every stored layer the artifact store lacks (layers made before artifact_store
    was set), so that workers and servers on other machines can load them. Exits 1 when a
    layer's copy here is corrupt or gone.
    """

    async def work(rt: Runtime) -> Any:
        return await rt.push_artifacts(persona)

    result = _with_runtime(config, work)
    rows = [{"persona": p, **entry} for p, entries in result.items() for entry in entries]
    failed = [r for r in rows if r["outcome"] == "failed"]
    if as_json:
        _echo_json(rows)
    else:
        counts = {k: sum(r["outcome"] == k for r in rows)
                  for k in ("uploaded", "present", "pruned", "failed")}  # fmt: skip
        click.echo(
            f"uploaded {counts['uploaded']}, already in the store {counts['present']}, "
            f"pruned (not pushed) {counts['pruned']}, failed {counts['failed']}"
        )
        for r in failed:
            click.echo(f"{r['persona']}/{r['trait']} v{r['version']}: {r['error']}", err=True)
    if failed:
        _fail(f"{len(failed)} layer(s) could not be pushed")


@layers_group.command("merge")
@click.option("--persona", required=True, help="Persona whose active layers to merge.")
@click.option("--force", is_flag=True, help="Activate the snapshot even if it fails its test.")
@_common
def layers_merge_cmd(config: RuntimeConfig, as_json: bool, persona: str, force: bool) -> None:
    """Merge the persona's active layers into a base snapshot (trait merged-base), tested
    against the layers on their held-out replies and activated only if it keeps what they
    taught; undo with `lifelong layers rollback PERSONA merged-base`. Exits 1 when the
    snapshot was stored but not activated.
    """

    async def work(rt: Runtime) -> dict[str, Any]:
        await _persona(rt, persona)
        outcome = await rt.merge_layers(persona, by=f"cli:{_user()}", force=force)
        row = await rt.layers.get(persona, MERGED, outcome.version)
        return {"persona": persona, "trait": MERGED, "version": outcome.version,
                "active": outcome.deployed, "reason": outcome.reason,
                "merged": row["manifest"]["merged"], "bytes": row["artifact_bytes"]}  # fmt: skip

    data = _with_runtime(config, work)
    if as_json:
        _echo_json(data)
    else:
        merged = ", ".join(f"{t} v{v}" for t, v in data["merged"].items())
        if data["active"]:
            click.echo(
                f"{persona}/{MERGED} v{data['version']} active: {merged} merged into the base "
                f"({out.fmt_bytes(data['bytes'])}; {data['reason']}); roll back with "
                f"`lifelong layers rollback {persona} {MERGED}`"
            )
        else:
            click.echo(
                f"{persona}/{MERGED} v{data['version']} stored, not active: {data['reason']}; "
                f"the layers ({merged}) keep serving (--force activates it anyway)",
                err=True,
            )
    if not data["active"]:
        sys.exit(EXIT_FAILED)


# -- reports --------------------------------------------------------------------------------
