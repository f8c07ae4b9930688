"""A command's output: written whole, never over an input, and text that no terminal obeys.

Every file or folder a command writes (``viz --out``, ``viz --png``, ``export --out``, the store of
``load``) goes through :func:`check_output`, then :func:`write_whole`:

- **Never over an input.** The protected paths are the command's inputs (its ``--data`` files,
  the default files, every file of a ``--store`` folder: the folder itself is protected with all
  it holds, an output written earlier by the same command) and, always, the project's own data,
  named queries and viewer template, and every store's folder (one made by ``load`` holds its
  store and nothing else). A path is compared by what it finally names (symbolic
  links followed), so no spelling of it escapes the check.
- **Whole or not at all.** A file is written to a temporary file beside its target and renamed
  over it; a folder is filled under a temporary name and renamed. A failure leaves nothing.
- **Through symbolic links, deliberately.** Writing to a link replaces the file it points to (the
  link stays a link), once that file has passed the same checks. An existing file keeps its
  permissions; a new one gets the usual ones (0666 less the umask, not ``mkstemp``'s 0600).
- **Never onto a device**, a pipe, a socket or a folder where a file is expected.

:func:`escape_controls` makes text from the data safe to print.
"""

import os
import re
import shutil
import stat
from pathlib import Path

from .defaults import STORE_META
from .errors import DataError
from .resources import DATA_DIR, QUERIES_DIR, TEMPLATE_DIR

__all__ = ["check_output", "write_whole", "escape_controls", "PROJECT_FILES"]

#: What no command ever writes over: the project's data, named queries and viewer template, and
#: the package itself (its code, its page templates).
PROJECT_FILES = (DATA_DIR, QUERIES_DIR, TEMPLATE_DIR, Path(__file__).resolve().parent)


def _protected(inputs):
    """The real paths no output may name or stand inside: each input, and the project's files."""
    return [Path(os.path.realpath(p)) for p in (*inputs, *PROJECT_FILES) if os.path.lexists(p)]


def check_output(out, inputs=(), what="--out", folder=False, error=DataError):
    """The real path ``out`` names, once it is known to be writable without harm: not an input (nor
    inside a folder that is one), not a device, pipe or socket, a regular file where a file is
    written (``folder``: an empty or new folder). Raises ``error`` (:class:`~graph.errors.DataError`)
    naming the path and why.

    Examples
    --------
    >>> from graph.resources import TRIPLES
    >>> check_output(TRIPLES)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.DataError: ...triples.ttl: is the project's own data (data/, queries/, viz/template/, graph/); choose another --out
    """
    try:
        return _checked(out, inputs, what, folder, error)
    except OSError as e:  # a loop of links, a name too long, a folder that may not be searched
        raise error(f"{out}: cannot write there: {e.strerror or e}") from e


def _checked(out, inputs, what, folder, error):
    real = Path(os.path.realpath(out))
    project = {Path(os.path.realpath(p)) for p in PROJECT_FILES}
    for guarded in _protected(inputs):
        if real == guarded or guarded in real.parents:
            if guarded in project:
                raise error(f"{out}: is the project's own data (data/, queries/, viz/template/, graph/); "
                            f"choose another {what}")
            where = "an input of this command" if real == guarded else f"inside {guarded}, an input of this command"
            raise error(f"{out}: is {where}; choose another {what}")
    for parent in real.parents:  # a store's folder holds its store and nothing else, input or not
        if (parent / STORE_META).is_file():
            raise error(f"{out}: is inside the store {parent}; choose another {what}")
    if os.path.lexists(real):
        mode = os.stat(real).st_mode
        if folder and not (stat.S_ISDIR(mode) and not any(real.iterdir())):
            raise error(f"{out}: exists and is not an empty folder; choose a new one")
        if not folder and not stat.S_ISREG(mode):
            raise error(f"{out}: exists and is not a regular file; choose another {what}")
    return real


def write_whole(out, content, inputs=(), newline="", what="--out"):
    """Write ``content`` (text, bytes, or ``{name: text}`` for a new or empty folder ``out``) to
    ``out``, as the module says; return the paths written. An unwritable path raises
    :class:`~graph.errors.DataError`."""
    folder_out = isinstance(content, dict)
    out = check_output(out, inputs, what, folder=folder_out)
    made = [p for p in reversed(out.parents) if not p.exists()]  # the folders this write makes, if it fails
    tmp = out.parent / f".ev-kg-{os.getpid()}-{os.urandom(4).hex()}.tmp"  # short: any name that fits fits with it
    try:
        mode = stat.S_IMODE(out.stat().st_mode) if out.exists() else None  # an existing file or folder keeps its mode
        out.parent.mkdir(parents=True, exist_ok=True)
        if folder_out:
            tmp.mkdir()
            for name, body in sorted(content.items()):
                (tmp / name).write_text(body, encoding="utf-8", newline=newline)
            if mode is not None:
                os.chmod(tmp, mode)
            if out.exists():
                out.rmdir()
        else:  # not mkstemp, whose file is 0600 whatever the umask: 0666 less the umask, or the old mode
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with (os.fdopen(fd, "wb") if isinstance(content, bytes) else
                  os.fdopen(fd, "w", encoding="utf-8", newline=newline)) as f:
                f.write(content)
                if mode is not None:
                    os.chmod(f.fileno(), mode)
        os.replace(tmp, out)
    except OSError as e:
        _remove(tmp, made)
        raise DataError(f"{out}: cannot write: {e.strerror or e}") from e
    except BaseException:
        _remove(tmp, made)
        raise
    return [out / name for name in sorted(content)] if folder_out else [out]


def _remove(tmp, made):
    """Take away what a failed write left: its temporary file or folder, and the folders it made."""
    try:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        elif os.path.lexists(tmp):
            tmp.unlink()
        for folder in reversed(made):
            folder.rmdir()
    except OSError:
        pass


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_controls(text, keep="\n\t"):
    r"""``text`` with control characters (C0 but those in ``keep``, DEL, C1, and the bidirectional
    overrides) written as visible escapes, so that no terminal or log reader obeys them.

    Examples
    --------
    >>> escape_controls("red\x1b[31m\u202eevil\nok")
    'red\\x1b[31m\\u202eevil\nok'
    """
    def visible(m):
        c = m.group()
        return c if c in keep else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")

    return _CONTROLS.sub(visible, text)
