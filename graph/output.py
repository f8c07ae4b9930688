"""A command's output: files written whole, and text that no terminal obeys.

:func:`write_whole` is used by every command that writes files (``viz``, ``export``): a symbolic
link is written through (its target is replaced), an existing file keeps its permissions, a new
one gets the usual ones (0666 less the umask, not ``mkstemp``'s 0600), and a path that is one of
the command's inputs, or no regular file (a device, a pipe, a folder), is refused.
:func:`escape_controls` makes text from the data safe to print.
"""

import os
import re
import shutil
import stat
from pathlib import Path

from .errors import DataError

__all__ = ["write_whole", "escape_controls"]


def write_whole(out, text, inputs=(), newline=""):
    """Write ``text`` (a string; or ``{name: string}`` for a new or empty folder ``out``) to
    ``out``; return the paths written. An unwritable path raises :class:`~graph.errors.DataError`."""
    folder_out = isinstance(text, dict)
    out = Path(os.path.realpath(out))
    if folder_out and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DataError(f"{out}: exists and is not an empty folder; choose a new one")
    mode = None
    if not folder_out and out.exists():
        if any(os.path.exists(x) and os.path.samefile(x, out) for x in inputs):
            raise DataError(f"{out}: is an input of this command; choose another --out")
        if not stat.S_ISREG(out.stat().st_mode):
            raise DataError(f"{out}: exists and is not a regular file; choose another --out")
        mode = stat.S_IMODE(out.stat().st_mode)
    tmp = out.parent / f".{out.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if folder_out:
            tmp.mkdir()
            for name, body in sorted(text.items()):
                (tmp / name).write_text(body, encoding="utf-8", newline=newline)
            if out.exists():
                out.rmdir()
        else:  # not mkstemp, whose file is 0600 whatever the umask: 0666 less the umask, or the old mode
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
                f.write(text)
                if mode is not None:
                    os.chmod(f.fileno(), mode)
        os.replace(tmp, out)
    except OSError as e:
        raise DataError(f"{out}: cannot write: {e.strerror or e}") from e
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        elif os.path.lexists(tmp):
            tmp.unlink()
    return [out / name for name in sorted(text)] if folder_out else [out]


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
