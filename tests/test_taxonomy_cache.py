"""The compiled cache of the built-in taxonomy: location, hit and miss, damage, concurrency.

Every test points the cache at its own temporary folder (never the user's home).
"""

from __future__ import annotations

import marshal
import os
import shutil
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from talentmatch.extraction.taxonomy_extractor import TaxonomyExtractor
from talentmatch.taxonomy import builtin as builtin_module
from talentmatch.taxonomy.builtin import (
    builtin_cache_name,
    builtin_files,
    load_builtin,
    load_builtin_from,
    parse_builtin,
)
from talentmatch.taxonomy.cache import (
    CACHE_DIR_ENV,
    NO_CACHE_ENV,
    cache_dir,
    cache_key,
    read_entry,
    write_entry,
)
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.matcher import AliasMatcher
from talentmatch.taxonomy.model import Taxonomy
from talentmatch.taxonomy.snapshot import restore_taxonomy, taxonomy_state

TEXT = (
    "SKILLS\nPython, Go, Kubernetes (k8s), Postgres, CI/CD, A/B testing, MS Excel, Node.js\n\n"
    "EXPERIENCE\nLed front-end work in React and TypeScript; optimised ETL pipelines on "
    "Apache Spark and Airflow. Registered nurse (RN) with CPR/BLS. Spring Boot microservices."
)


@pytest.fixture(scope="module")
def reference() -> Taxonomy:
    """The built-in taxonomy parsed from its files, no cache involved."""
    return parse_builtin([(f.name, f.read_bytes()) for f in builtin_files()])


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding a valid built-in entry (written once for the module)."""
    folder = tmp_path_factory.mktemp("cache")
    load_builtin_from(folder)
    assert (folder / builtin_cache_name()).is_file()
    return folder


def copy_of(filled: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    shutil.copytree(filled, folder)
    return folder


def assert_same(found: Taxonomy, expected: Taxonomy) -> None:
    """Same identity, concepts (ids, aliases, links), hash, lookups and phrases."""
    assert (found.name, found.version, len(found)) == (
        expected.name,
        expected.version,
        len(expected),
    )
    assert [c.id for c in found] == [c.id for c in expected]
    assert found.concepts == expected.concepts
    assert found.content_hash == expected.content_hash
    recomputed = Taxonomy(found.concepts, name=found.name, version=found.version)
    assert recomputed.content_hash == expected.content_hash
    for concept in expected.concepts[::7]:
        assert found.related_ids(concept.id) == expected.related_ids(concept.id)
        assert found.narrower_ids(concept.id) == expected.narrower_ids(concept.id)
        for surface in concept.surfaces():
            got = [c.id for c in found.lookup(surface)]
            assert got == [c.id for c in expected.lookup(surface)], surface
    assert found.matcher.size == expected.matcher.size
    assert found.matcher.single_token_keys() == expected.matcher.single_token_keys()


def run_extraction(taxonomy: Taxonomy) -> list[dict[str, object]]:
    return [m.model_dump() for m in TaxonomyExtractor(taxonomy).extract(TEXT)]


def test_cache_folder_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert cache_dir() is None
    monkeypatch.setenv(NO_CACHE_ENV, "0")
    monkeypatch.delenv(CACHE_DIR_ENV)
    default = cache_dir()
    package = Path(builtin_module.__file__).resolve().parent
    # Outside the package, so a read-only install (site-packages, zip, image) still caches.
    assert default is None or package not in default.resolve().parents
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert cache_dir() == tmp_path / "xdg" / "talentmatch"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
        assert cache_dir() == Path.home() / ".cache" / "talentmatch"


def test_miss_writes_an_entry_and_a_hit_does_not_parse(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Taxonomy
) -> None:
    folder = copy_of(filled, tmp_path)
    entry = folder / builtin_cache_name()
    if hasattr(os, "getuid"):
        assert entry.stat().st_mode & 0o777 == 0o600

    def no_parse(files: object) -> Taxonomy:
        raise AssertionError("a cache hit must not parse the files")

    monkeypatch.setattr(builtin_module, "parse_builtin", no_parse)
    assert_same(load_builtin_from(folder), reference)


def test_cached_and_parsed_taxonomies_match_everywhere(filled: Path, reference: Taxonomy) -> None:
    cached = load_builtin_from(filled)
    assert_same(cached, reference)
    assert run_extraction(cached) == run_extraction(reference)
    scan_cached = cached.matcher.scan_tokens(TEXT).candidates
    assert scan_cached == reference.matcher.scan_tokens(TEXT).candidates
    # Every phrase of the compiled table, not only those a sample text reaches.
    fresh = AliasMatcher.compile(reference.concepts)
    decoded = {k: marshal.loads(v) for k, v in cached.matcher.snapshot().phrases.items()}
    assert decoded == {k: marshal.loads(v) for k, v in fresh.snapshot().phrases.items()}
    # Restored phrases answer like phrases built lazily from the surfaces, one by one.
    phrases = [phrase for group in decoded.values() for phrase, _, _ in group]
    assert len(phrases) > 30_000
    for phrase in phrases:
        keys = phrase.split("\x1f")
        assert cached.matcher.lookup(keys) == reference.matcher.lookup(keys), phrase


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),
        lambda data: b"not a cache file at all" * 10,
    ],
    ids=["empty", "truncated", "flipped-byte", "garbage"],
)
def test_damaged_entry_is_rebuilt_with_the_same_result(
    filled: Path, tmp_path: Path, reference: Taxonomy, damage: object
) -> None:
    folder = copy_of(filled, tmp_path)
    entry = folder / builtin_cache_name()
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert_same(load_builtin_from(folder), reference)
    assert entry.read_bytes() == (filled / builtin_cache_name()).read_bytes()


def test_key_follows_every_file_byte_and_name() -> None:
    files = [(f.name, f.read_bytes()) for f in builtin_files()]
    key = builtin_module._cache_key(files)
    assert key is not None
    assert builtin_module._cache_key(list(files)) == key
    edited = [*files[:-1], (files[-1][0], files[-1][1] + b"\n")]
    renamed = [*files[:-1], ("zz_" + files[-1][0], files[-1][1])]
    assert builtin_module._cache_key(edited) != key
    assert builtin_module._cache_key(renamed) != key
    assert builtin_module._cache_key(files[:-1]) != key


def test_stale_key_is_rebuilt_and_replaced(
    filled: Path, tmp_path: Path, reference: Taxonomy
) -> None:
    folder = copy_of(filled, tmp_path)
    entry = folder / builtin_cache_name()
    state = taxonomy_state(reference)
    assert write_entry(entry, cache_key([b"older taxonomy files"]), lambda: state)
    assert_same(load_builtin_from(folder), reference)
    assert entry.read_bytes() == (filled / builtin_cache_name()).read_bytes()


def test_well_formed_entry_of_the_wrong_shape_is_rebuilt(
    filled: Path, tmp_path: Path, reference: Taxonomy
) -> None:
    folder = copy_of(filled, tmp_path)
    entry = folder / builtin_cache_name()
    data = entry.read_bytes()
    key = data[8:40]
    good = read_entry(entry, key)
    assert good is not None
    name, version, content_hash, columns, matcher = good
    wrong_type = list(columns)
    wrong_type[1] = (*columns[1][:-1], 42)  # a label that is not a str
    for bad in ({"a": 1}, (name, version, content_hash, tuple(wrong_type), matcher)):
        assert write_entry(entry, key, lambda bad=bad: bad)
        assert_same(load_builtin_from(folder), reference)


def test_damaged_phrase_group_recompiles_instead_of_failing(reference: Taxonomy) -> None:
    state = taxonomy_state(reference)
    size, phrases, single = state[4]
    broken = dict.fromkeys(phrases, b"\x00broken")
    restored = restore_taxonomy((*state[:4], (size, broken, single)))
    assert restored.matcher.scan_tokens(TEXT).candidates == (
        reference.matcher.scan_tokens(TEXT).candidates
    )
    assert [c.id for c in restored.lookup("k8s")] == ["tm:kubernetes"]


def test_entry_writable_by_others_is_not_trusted(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Taxonomy
) -> None:
    if not hasattr(os, "getuid"):
        pytest.skip("ownership and mode checks are POSIX-only")
    folder = copy_of(filled, tmp_path)
    entry = folder / builtin_cache_name()
    key = entry.read_bytes()[8:40]
    entry.chmod(0o666)
    assert read_entry(entry, key) is None
    assert_same(load_builtin_from(folder), reference)
    assert entry.stat().st_mode & 0o777 == 0o600


def test_disabled_cache_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Taxonomy
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert_same(load_builtin_from(cache_dir()), reference)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_cache_folder_still_loads(tmp_path: Path, reference: Taxonomy) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    assert_same(load_builtin_from(blocker / "cache"), reference)
    assert not write_entry(blocker / "cache" / "x.bin", cache_key([]), lambda: 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_concurrent_cold_loads_agree_and_leave_one_valid_entry(
    tmp_path: Path, reference: Taxonomy
) -> None:
    with ThreadPoolExecutor(2) as pool:
        loaded = list(pool.map(lambda _: load_builtin_from(tmp_path), range(2)))
    for taxonomy in loaded:
        assert taxonomy.content_hash == reference.content_hash
    assert [p.name for p in tmp_path.iterdir()] == [builtin_cache_name()]
    assert_same(load_builtin_from(tmp_path), reference)


def test_concurrent_first_calls_share_one_load(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Taxonomy
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(copy_of(filled, tmp_path)))
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    builtin_module._load_once.cache_clear()
    start = threading.Barrier(4)

    def first_call(_: int) -> Taxonomy:
        start.wait()
        return load_builtin()

    try:
        with ThreadPoolExecutor(4) as pool:
            loaded = list(pool.map(first_call, range(4)))
        assert all(taxonomy is loaded[0] for taxonomy in loaded)
        assert loaded[0].content_hash == reference.content_hash
    finally:
        # Reload the process-wide taxonomy from this test's cache, so later tests do not
        # write a fresh entry wherever the environment points.
        builtin_module._load_once.cache_clear()
        load_builtin()


def test_concurrent_scans_of_a_restored_matcher_agree(filled: Path, reference: Taxonomy) -> None:
    cached = load_builtin_from(filled)
    start = threading.Barrier(4)

    def scan(_: int) -> object:
        start.wait()
        return cached.matcher.scan_tokens(TEXT).candidates

    with ThreadPoolExecutor(4) as pool:
        scans = list(pool.map(scan, range(4)))
    expected = reference.matcher.scan_tokens(TEXT).candidates
    assert all(candidates == expected for candidates in scans)


def test_fast_built_in_concepts_equal_validated_ones(reference: Taxonomy) -> None:
    for concept in reference.concepts:
        assert Concept.model_validate(concept.model_dump()) == concept


def test_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    def broken() -> object:
        raise RuntimeError("snapshot failed")

    assert not write_entry(tmp_path / "entry.bin", cache_key([]), broken)
    assert not write_entry(tmp_path / "entry.bin", cache_key([]), lambda: object())
    assert list(tmp_path.iterdir()) == []
