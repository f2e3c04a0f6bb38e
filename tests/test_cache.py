"""The cache is keyed by content: it never serves data older than the files."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from qualpolicy import cache, taskwords

from .helpers import RD_ALIASES, Run, cli_json, explain, ok, record_calls

METRIC = "mfg_quality_competitiveness_index"


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("QUALPOLICY_CACHE_DIR", str(folder))
    monkeypatch.delenv("QUALPOLICY_NO_CACHE", raising=False)
    return folder


def jiangsu_value(run: Run, data: Path) -> Any:
    rows = cli_json(run, "compare", "-m", METRIC, "--format", "json", "--data-dir", str(data))
    return next(r["value"] for r in rows["rows"] if r["plan"] == "jiangsu")


def edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    """Change ``old`` to ``new`` (same length), then put the old mtime back, as
    ``cp -p``, ``rsync -a``, ``tar`` or ``touch -d`` would."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_an_edit_keeping_size_and_mtime_is_seen(run: Run, data_copy: Path, own_cache: Path) -> None:
    plan = data_copy / "plans" / "jiangsu.yaml"
    assert jiangsu_value(run, data_copy) == 88
    assert list(own_cache.glob("data-*.pickle")), "the first run fills the cache"
    edit_keeping_size_and_mtime(plan, "88", "89")  # the value and its quote
    assert jiangsu_value(run, data_copy) == 89
    edit_keeping_size_and_mtime(plan, "89", "88")
    assert jiangsu_value(run, data_copy) == 88


def test_after_editing_one_plan_only_it_is_read_again(
    run: Run, data_copy: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualpolicy.loading import plans

    assert jiangsu_value(run, data_copy) == 88
    read = record_calls(monkeypatch, plans, "load_plan", lambda path: [path.name])
    edit_keeping_size_and_mtime(data_copy / "plans" / "jiangsu.yaml", "88", "89")
    assert jiangsu_value(run, data_copy) == 89
    assert read == ["jiangsu.yaml"], "the other plans come from the snapshot they replace"


def test_after_editing_one_plan_only_its_tasks_are_segmented_again(
    run: Run, data_copy: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualpolicy.text import themes

    args = ("diff", "jiangsu", "chongqing", "--format", "json", "--data-dir", str(data_copy))
    first = cli_json(run, *args)
    segmented = record_calls(
        monkeypatch, themes, "segment_plans", lambda plans, *rest: [p.id for p in plans]
    )
    plan = data_copy / "plans" / "zhejiang.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert cli_json(run, *args) == first
    assert segmented == ["zhejiang"]


def test_after_an_edit_search_segments_only_texts_it_has_not_seen(
    run: Run, data_copy: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualpolicy.text.segment import Segmenter

    args = ("search", "首席质量官", "--format", "json", "--data-dir", str(data_copy))
    first = cli_json(run, *args)
    seen = record_calls(monkeypatch, Segmenter, "boundaries", lambda self, text: [text])
    plan = data_copy / "plans" / "zhejiang.yaml"
    text = plan.read_text(encoding="utf-8")
    edit = ("建立健全企业首席质量官、", "建立健全企业首席质量官制度、")
    assert edit[0] in text
    plan.write_text(text.replace(*edit), encoding="utf-8")
    again = cli_json(run, *args)
    assert len(seen) == 1 and edit[1] in seen[0], "only the edited text"
    assert len(again["hits"]) == len(first["hits"])


def snapshot_contents(data: Path) -> dict[str, Any]:
    """What a workspace's snapshot holds, as data: every plan, each metric's entries and
    the tasks naming it, the matrix in brief, and the normalised texts."""
    from qualpolicy.models import to_data
    from qualpolicy.workspace import Workspace

    ws = Workspace(data)
    snapshot = ws.snapshot
    assert snapshot is not None
    plans = {plan.id: plan for plan in snapshot.plans}

    def row(entry: Any) -> Any:
        fields = ("index", "metric_text", "scope_text", "unit_text", "caveats", "suggestions")
        return [entry.plan.id, to_data(entry.target), *(repr(getattr(entry, f)) for f in fields),
                repr(entry.match), repr(entry.basis)]  # fmt: skip

    return {
        "plans": [to_data(plan) for plan in snapshot.plans],
        "entries": {
            m: [row(e) for e in snapshot.entry_index.load(m, plans)]
            for m in snapshot.entry_index.entries
        },
        "mentions": snapshot.entry_index.mentions,
        "overview": repr(snapshot.entry_index.load_overview(plans)),
        "normalized": snapshot.normalized,
    }


def test_a_snapshot_rebuilt_after_an_edit_is_the_one_built_afresh(
    run: Run, data_copy: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualpolicy.analysis.align import Aligner

    assert jiangsu_value(run, data_copy) == 88
    aligned = record_calls(monkeypatch, Aligner, "align", lambda self, plans: [p.id for p in plans])
    plan = data_copy / "plans" / "jiangsu.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("88", "89") + "# edited\n", encoding="utf-8")
    rebuilt = snapshot_contents(data_copy)
    assert aligned == ["jiangsu"], "the other plans' entries come from the snapshot replaced"
    monkeypatch.setenv("QUALPOLICY_CACHE_DIR", str(own_cache.parent / "afresh"))
    afresh = snapshot_contents(data_copy)
    normalized = afresh.pop("normalized")
    assert normalized.items() <= rebuilt.pop("normalized").items()  # and earlier wordings
    assert rebuilt == afresh


def test_an_edited_catalogue_aligns_every_plan_afresh(
    run: Run, data_copy: Path, own_cache: Path
) -> None:
    def nanjing_rule() -> str:
        args = ("compare", "-m", "rd_intensity", "--format", "json", "--data-dir", str(data_copy))
        return str(
            next(r["match"]["rule"] for r in cli_json(run, *args)["rows"] if r["plan"] == "nanjing")
        )

    assert nanjing_rule() == "alias"
    catalogue = data_copy / "metrics.yaml"
    alias = f"aliases: [{RD_ALIASES}]"
    text = catalogue.read_text(encoding="utf-8")
    assert alias in text
    catalogue.write_text(text.replace(alias, "aliases: []"), encoding="utf-8")
    assert nanjing_rule() == "unmatched", "not the alignment remembered from before"


def test_a_workspace_reads_each_file_once_for_all_its_keys(
    data_copy: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """diff needs the snapshot and the themes, each under a key of every plan file: the
    files are read once (3,000 plans: a tenth of a second), and a new workspace reads
    them again, so it sees edits made meanwhile."""
    from qualpolicy.workspace import Workspace

    read = record_calls(monkeypatch, cache, "_hash_file", lambda path, new: [str(path)])
    ws = Workspace(data_copy)
    assert ws.snapshot is not None and taskwords.themes(ws).plans
    assert read and len(read) == len(set(read))
    plan = str(data_copy / "plans" / "jiangsu.yaml")
    assert plan in read
    Workspace(data_copy).snapshot  # noqa: B018 - a key is worked out
    assert read.count(plan) == 2


def test_validate_sees_such_an_edit_too(run: Run, data_copy: Path, own_cache: Path) -> None:
    plan = data_copy / "plans" / "jiangsu.yaml"
    args = ("validate", "--format", "json", str(plan), "--data-dir", str(data_copy))
    assert json.loads(ok(run, *args)) == []
    edit_keeping_size_and_mtime(plan, "value: 88", "value: 89")  # no longer in its quote
    result = run(*args)
    assert result.exit_code == 1, explain(result)
    assert {f["code"] for f in json.loads(result.stdout)} == {"value-not-in-quote"}


def test_an_edit_of_a_source_text_is_seen_by_validate(
    run: Run, data_copy: Path, own_cache: Path
) -> None:
    """A plan's result also depends on its source text, which the plan only names."""
    plan = data_copy / "plans" / "jiangsu.yaml"
    args = ("validate", "--format", "json", str(plan), "--data-dir", str(data_copy))
    assert json.loads(ok(run, *args)) == []
    edit_keeping_size_and_mtime(data_copy / "sources" / "jiangsu.txt", "達到88", "達到89")
    result = run(*args)
    assert result.exit_code == 1, explain(result)
    assert "quote-not-found" in {f["code"] for f in json.loads(result.stdout)}


def test_validate_keeps_a_folders_results_in_one_entry_and_forgets_deleted_files(
    run: Run, data_copy: Path, own_cache: Path
) -> None:
    def packs() -> dict[str, int]:
        return {p.name: p.stat().st_size for p in own_cache.glob("validate-*.pickle")}

    ok(run, "validate", "-q", "--data-dir", str(data_copy))
    before = packs()
    assert len(before) == 2, "one for plans/, one for the data files beside it"
    (data_copy / "plans" / "zhejiang.yaml").unlink()
    ok(run, "validate", "-q", "--data-dir", str(data_copy))  # nothing to check again, one file gone
    after = packs()
    assert after.keys() == before.keys()
    assert sum(after.values()) < sum(before.values())


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:40] + bytes(len(b) - 40), id="zeroed"),
        pytest.param(lambda b: b"not a cache entry at all", id="foreign"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(
            lambda b: cache.MAGIC + b.split(b"\n")[1] + b"\n" + pickle.dumps({"plans": 1}),
            id="another-type",
        ),
    ],
)
def test_a_damaged_entry_is_rebuilt(
    run: Run, data_copy: Path, own_cache: Path, damage: Any
) -> None:
    assert jiangsu_value(run, data_copy) == 88
    for entry in own_cache.glob("*.pickle"):
        entry.write_bytes(damage(entry.read_bytes()))
    assert jiangsu_value(run, data_copy) == 88
    assert jiangsu_value(run, data_copy) == 88  # from the rebuilt entry


def test_a_damaged_validate_pack_is_checked_again(
    run: Run, data_copy: Path, own_cache: Path
) -> None:
    args = ("validate", "--format", "json", "--data-dir", str(data_copy))
    first = json.loads(ok(run, *args))
    for pack in own_cache.glob("validate-*.pickle"):
        pack.write_bytes(pack.read_bytes()[:200])
    assert json.loads(ok(run, *args)) == first
    assert all(p.stat().st_size > 200 for p in own_cache.glob("validate-*.pickle"))


def _fill(folder: str, slot: str, key: str, n: int) -> None:
    os.environ["QUALPOLICY_CACHE_DIR"] = folder
    for i in range(n):
        cache.store(slot, key, {"writer": os.getpid(), "payload": list(range(i, i + 2000))})


def test_processes_filling_the_cache_at_once_leave_a_valid_entry(own_cache: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_fill, args=(str(own_cache), "race", "k", 30)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    value = cache.load("race", "k")
    assert value is not None and len(value["payload"]) == 2000
    assert [p.name for p in own_cache.iterdir()] == ["race.pickle"], "no temporary files left"


def test_an_entry_is_used_only_under_its_own_key(own_cache: Path) -> None:
    cache.store("slot", "key-a", [1, 2])
    assert cache.load("slot", "key-a") == [1, 2]
    assert cache.load("slot", "key-b") is None
    assert cache.load("other", "key-a") is None


def test_the_key_follows_bytes_and_paths_not_times(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x: 1\n")
    b.write_text("x: 1\n")
    first = cache.key([a])
    os.utime(a, (0, 0))
    assert cache.key([a]) == first
    assert cache.key([b]) != first, "the path is part of the key"
    a.write_text("x: 2\n")
    assert cache.key([a]) != first
    assert cache.key([a], "other") != cache.key([a])
    a.unlink()
    assert cache.key([a]) != first, "a missing file has a key of its own"


def test_no_cache_writes_nothing(
    run: Run, data_copy: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUALPOLICY_NO_CACHE", "1")
    assert jiangsu_value(run, data_copy) == 88
    ok(run, "validate", "-q", "--data-dir", str(data_copy))
    assert not own_cache.exists()


def entries(run: Run) -> tuple[str, int, int]:
    """Folder, entries and bytes from `qualpolicy cache info`."""
    found = re.fullmatch(r"(.+): (\d+) entries, ([\d,]+) bytes\n", ok(run, "cache", "info"))
    assert found is not None
    return found[1], int(found[2]), int(found[3].replace(",", ""))


def test_cache_info_and_clear(run: Run, data_copy: Path, own_cache: Path) -> None:
    assert jiangsu_value(run, data_copy) == 88
    ok(run, "validate", "-q", "--data-dir", str(data_copy))
    mine = own_cache / "notes.txt"  # not an entry: clear leaves it alone
    mine.write_text("keep me")
    folder, count, size = entries(run)
    assert folder == str(own_cache)
    assert count >= 2 and size > 0
    assert ok(run, "cache", "clear").startswith(f"cleared {own_cache}: {count} entries")
    assert entries(run)[1:] == (0, 0)
    assert mine.read_text() == "keep me"
    assert jiangsu_value(run, data_copy) == 88


def test_cache_info_says_when_the_cache_is_off(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALPOLICY_NO_CACHE", "1")
    assert "off" in ok(run, "cache", "info")


def test_the_program_part_of_a_key_reads_every_module_that_computes_cached_data() -> None:
    """The overview kept with the snapshot is computed by analysis/compare.py, plans are
    read by loading/: a change to any of them is a change of key.  The command line and
    the renderers only draw results."""
    names = {
        path.relative_to(Path(cache.__file__).parent).as_posix() for path in cache.code_files()
    }
    assert {"analysis/compare.py", "loading/yamlio.py", "text/segment.py", "workspace.py"} <= names
    assert not any(name.startswith(("cli/", "render/")) for name in names)


def test_many_bytes_are_hashed_by_openssl_to_the_same_digests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past FAST_AFTER bytes a job turns to OpenSSL's SHA-256: a file's digest does not
    depend on how many were hashed before it."""
    paths = []
    for i in range(4):
        paths.append(tmp_path / f"plan{i}.yaml")
        paths[-1].write_bytes(f"id: p{i}\n".encode() * 50)
    alone = [cache.file_digests([path])[0] for path in paths]
    monkeypatch.setattr(cache, "FAST_AFTER", 100)
    turned = record_calls(monkeypatch, cache, "fast_hasher", lambda: [True])
    assert cache.file_digests([*paths, tmp_path / "gone.yaml"]) == [*alone, None]
    assert turned == [True]
    own, fast = cache.hasher(), cache.fast_hasher()()
    own.update(b"abc")
    fast.update(b"abc")
    assert own.digest() == fast.digest() and type(own) is not type(fast)


def fresh_program() -> bytes:
    """:func:`cache.program` as a new process works it out (it is kept once a process)."""
    return cache.program.__wrapped__()  # type: ignore[attr-defined,no-any-return]


def test_the_program_part_is_kept_until_a_module_changes(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The program's digest is kept in the cache; editing a module (its size or time, as
    Python's import sees it) works it out again, from the bytes."""
    module = tmp_path / "code" / "compare.py"
    module.parent.mkdir()
    module.write_text("A = 1\n")
    monkeypatch.setattr(cache, "code_files", lambda: [module])
    first = fresh_program()
    hashed = record_calls(monkeypatch, cache, "file_digests", lambda paths: [paths])
    assert fresh_program() == first
    assert hashed == []  # kept: no module was read
    module.write_text("A = 22\n")
    second = fresh_program()
    assert second != first and len(hashed) == 1
    module.write_text("A = 1\n")
    os.utime(module, ns=(1, 1))
    assert fresh_program() == first  # the same bytes, the same digest


def test_the_program_part_changes_with_a_library_folder(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installing, upgrading or removing a library changes its folder: the kept digest is
    not used, and the versions are read again."""
    site = tmp_path / "site"
    (site / "pyyaml-6.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr("sys.path", [str(site)])
    first = fresh_program()
    assert fresh_program() == first
    (site / "pyyaml-6.0.dist-info").rename(site / "pyyaml-6.1.dist-info")
    os.utime(site, ns=(1, 1))  # a time of its own, however coarse the file system's clock
    assert fresh_program() != first


def test_library_versions_are_the_installed_ones() -> None:
    from importlib.metadata import version

    found = cache.installed_libraries(cache.LIBRARIES)
    assert [f"{name} {v}" for name, (v, _) in found.items()] == [
        f"{name} {version(name)}" for name in cache.LIBRARIES
    ]
    assert cache.installed_libraries(["no-such-library"]) == {"no-such-library": ("missing", None)}
