"""The per-user cache of compiled taxonomies: where it lives, how entries are keyed and stored.

An entry is one file: a magic line, the SHA-256 of its key, the SHA-256 of its payload, then
the payload, plain data written with ``marshal``. The key hashes everything the payload is
computed from (the data files, the code that compiles them, the library and Python
versions), so a stale entry is never used; it is rebuilt and replaced.

Threat model. ``marshal`` (like ``pickle``) is not meant for untrusted bytes, but unlike
``pickle`` it never imports or calls anything: it yields str, int, bytes, tuples and dicts,
which ``taxonomy.snapshot`` checks field by field. Whoever can write the cache can still
change which skills are found, so an entry is read only from a file owned by the current
user and not writable by others (POSIX), through the open descriptor that is then read (no
swap between check and read); the directory is created private (0700). The cache therefore
trusts exactly what the user's own files already trust. The payload hash catches truncated
or corrupted files. Any failure to read, check or decode means "no entry": the caller
rebuilds, and a failure to write is ignored, so a read-only home or package never breaks
loading.

Location: ``$TALENTMATCH_CACHE_DIR`` when set; otherwise the platform's user cache folder
(``$XDG_CACHE_HOME/talentmatch`` or ``~/.cache/talentmatch`` on Linux,
``~/Library/Caches/talentmatch`` on macOS, ``%LOCALAPPDATA%\\talentmatch\\Cache`` on Windows).
``TALENTMATCH_NO_CACHE=1`` turns the cache off.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.bin"
    >>> key = cache_key([b"data v1"])
    >>> write_entry(path, key, lambda: {"answer": 42})
    True
    >>> read_entry(path, key), read_entry(path, cache_key([b"data v2"]))
    ({'answer': 42}, None)
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["CACHE_DIR_ENV", "NO_CACHE_ENV", "cache_dir", "cache_key", "read_entry", "write_entry"]

CACHE_DIR_ENV = "TALENTMATCH_CACHE_DIR"
NO_CACHE_ENV = "TALENTMATCH_NO_CACHE"
_MAGIC = b"TMTAXC1\n"
_DIGEST = 32
_MAX_BYTES = 256 * 1024 * 1024
_log = logging.getLogger(__name__)


def cache_dir() -> Path | None:
    """The cache folder to use now, or None when caching is off or no folder is known.

    Read from the environment on every call (never at import), so a test or a service can
    point it elsewhere at any time.

    Returns:
        The folder (it may not exist yet), or None.

    Example:
        >>> folder = cache_dir()
        >>> folder is None or isinstance(folder, Path)
        True
    """
    if os.environ.get(NO_CACHE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
        return None
    explicit = os.environ.get(CACHE_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA", "").strip()
            return Path(base) / "talentmatch" / "Cache" if base else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "talentmatch"
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        # The XDG spec says relative values are invalid and must be ignored.
        base_dir = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
        return base_dir / "talentmatch"
    except (RuntimeError, KeyError):  # no home directory for this user
        return None


def cache_key(parts: Iterable[bytes]) -> bytes:
    """SHA-256 over length-prefixed parts (so part boundaries count) and the Python version.

    ``marshal``'s format belongs to the interpreter, so the Python version is always mixed in.

    Args:
        parts: everything an entry is derived from.

    Returns:
        The 32-byte digest.

    Example:
        >>> cache_key([b"ab", b"c"]) != cache_key([b"a", b"bc"])
        True
    """
    digest = hashlib.sha256(_MAGIC + sys.implementation.cache_tag.encode())
    digest.update(str(sys.hexversion).encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


def read_entry(path: Path, key: bytes) -> Any | None:
    """The payload stored at ``path`` under ``key``, or None (missing, stale, unsafe, damaged).

    Never raises: any problem is logged at debug level and reported as no entry.

    Args:
        path: the entry file.
        key: ``cache_key`` of what the payload must derive from.

    Returns:
        The unmarshalled payload, or None.
    """
    try:
        with open(path, "rb") as handle:
            if not _safe_to_trust(os.fstat(handle.fileno())):
                _log.warning("ignoring cache file not private to this user")
                return None
            data = handle.read(_MAX_BYTES + 1)
    except OSError:
        return None
    head = len(_MAGIC) + 2 * _DIGEST
    if len(data) <= head or len(data) > _MAX_BYTES or not data.startswith(_MAGIC):
        _log.debug("cache file has no valid header")
        return None
    stored_key = data[len(_MAGIC) : len(_MAGIC) + _DIGEST]
    if stored_key != key:
        _log.debug("cache entry is stale")
        return None
    payload = memoryview(data)[head:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC) + _DIGEST : head]:
        _log.debug("cache entry is corrupted")
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def write_entry(path: Path, key: bytes, payload: Callable[[], Any]) -> bool:
    """Store ``payload()`` at ``path`` under ``key`` atomically; False when it cannot.

    ``payload`` is called only once the folder is known to be writable, so an expensive
    snapshot is not taken for nothing. Concurrent writers each write a temporary file and
    rename it into place: readers see the old entry or a new one, never a partial file.

    Args:
        path: the entry file; its folder is created (private) when missing.
        key: ``cache_key`` of what the payload derives from.
        payload: returns the plain data to store (``marshal``-able).

    Returns:
        True when the entry was written.
    """
    temp: str | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            body = marshal.dumps(payload())
            out.write(_MAGIC + key + hashlib.sha256(body).digest())
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
        temp = None
        return True
    except Exception as exc:  # a cache must never break loading: any failure = no entry
        _log.debug("could not write cache entry", extra={"error": type(exc).__name__})
        return False
    finally:  # also on KeyboardInterrupt: never leave a temporary file behind
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _safe_to_trust(stat: os.stat_result) -> bool:
    """True when only this user (or root) can have written the file (always, off POSIX)."""
    if not hasattr(os, "getuid"):
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022
