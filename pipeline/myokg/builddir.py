"""A build directory that changes as a whole: one writer at a time, every output written into a staging
directory beside the target, then swapped in with one atomic rename (readers see the old build or the new one).

Beside ``DIR`` live ``.DIR.lock`` (held while a build runs) and, only while one runs or after one was killed,
``.DIR.staging-*`` / ``.DIR.old-*``: the next build removes those leftovers before it starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from myokg.errors import OutputError

_RENAME_EXCHANGE = 2  # linux/fs.h


#: The file every build directory holds; a folder without it is not replaced by a build.
MARKER = "build-report.txt"


def check_output(out: Path, inputs: list[Path]) -> None:
    """Refuse, before any work, an output that is not a directory, holds something other than a previous build
    (a build replaces its directory as a whole), overlaps an input, or cannot be written."""
    if out.exists() and not out.is_dir():
        raise OutputError("build", str(out), "output must be a directory")
    target = out.resolve()
    for given in inputs:
        source = given.resolve()
        if source == target or source.is_relative_to(target) or target.is_relative_to(source):
            raise OutputError("build", str(out), f"output overlaps the input {given}; choose another -o")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(
            "build",
            str(out),
            "folder is not empty and holds no earlier build (it would be replaced); choose another -o",
        )
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError("build", str(out), f"cannot create the output folder ({exc.strerror})") from None
    if not os.access(parent, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK | os.X_OK)):
        raise OutputError("build", str(out), "output folder is not writable")


def _sibling(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.{kind}"


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the build lock of ``out``; a second build fails at once instead of mixing outputs."""
    lock = _sibling(out, "lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError("build", str(out), f"cannot create the lock {lock} ({exc.strerror})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                "build", str(out), "another build is writing here; try again when it ends"
            ) from None
        yield
    finally:
        os.close(fd)


def clean_leftovers(out: Path) -> None:
    """Remove what an interrupted or killed build left beside ``out`` (call with the lock held)."""
    for pattern in (f".{out.name}.staging-*", f".{out.name}.old-*"):
        for leftover in out.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def staging(out: Path) -> Path:
    """A fresh, empty staging directory beside ``out``, on the same file system (so the swap is a rename)."""
    path = _sibling(out, f"staging-{os.getpid()}")
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def sync_tree(path: Path) -> None:
    """fsync every file and folder under ``path`` so the swap publishes complete data."""
    for folder, _, files in os.walk(path):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def publish(stage: Path, out: Path) -> None:
    """Swap the staging directory in as ``out`` in one step, then remove the previous build."""
    sync_tree(stage)
    if not out.exists():
        os.rename(stage, out)
    elif _exchange(stage, out):
        old = _sibling(out, f"old-{os.getpid()}")
        os.rename(stage, old)  # ``stage`` now holds the previous build
        shutil.rmtree(old, ignore_errors=True)
    else:  # no atomic exchange on this file system: two renames, a moment without ``out``
        old = _sibling(out, f"old-{os.getpid()}")
        os.rename(out, old)
        os.rename(stage, out)
        shutil.rmtree(old, ignore_errors=True)
    fd = os.open(out.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
