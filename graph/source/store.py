"""On-disk stores: ``python -m graph load`` parses files once into a folder that opens at once.

:func:`build_store` bulk-loads the files into a new Oxigraph store and saves their concept network
beside it (read by a second process, forked, while this one loads), so that every command on
``--store DIR`` starts without reading the triples again.
"""

import gc
import multiprocessing
import os
import shutil
import signal
import stat
import traceback
from pathlib import Path

from ..defaults import STORE_NETWORK
from ..errors import DataError, StoreError
from ..limits import die_with_parent
from ..output import check_output
from ..network import save_network
from ..resources import DEFAULT_FILES
from . import Source, read_files
from .files import check_files
from .oxigraph import create_store, finish_store

__all__ = ["build_store"]


def build_store(files, folder, progress=None):
    """Parse RDF files (default: the article's graph) into a new on-disk store in ``folder``
    (new, or an empty folder). Return the number of triples it holds. The store is built in a
    folder of its own beside ``folder`` and renamed into place once whole: on any failure, an
    interrupt, or ``kill -9``, ``folder`` is as it was (a ``kill -9`` leaves that hidden
    ``.NAME.ev-kg-partial-PID`` folder, which no command takes for a store).
    """
    files = [str(p) for p in (files or DEFAULT_FILES)]
    check_files(files)
    folder = Path(folder)
    folder = check_output(folder, files, "--out", folder=True, error=StoreError)  # not an input, nor inside one; new or empty
    if not folder.parent.is_dir():
        raise StoreError(f"{folder}: cannot create a store: no folder {folder.parent}")
    building, backend, collector = folder.parent / f".{folder.name}.ev-kg-partial-{os.getpid()}", None, None
    try:
        backend = create_store(building)
        collector = _start_collecting(files, building / STORE_NETWORK)
        read_files(backend, files, progress)
        if progress:
            progress.step("flushing to disk")
        n = finish_store(backend, building, files)
        if collector is not None:
            collector.join()
            if collector.exitcode != 0:
                raise DataError(f"{folder}: could not save the concept network (exit code {collector.exitcode})")
        else:
            save_network(Source(graph=backend.graph).network(), building / STORE_NETWORK)
        backend = None  # pyoxigraph closes the store when the last reference goes
        gc.collect()  # rdflib's Graph holds reference cycles: collect them now, not at exit
        if folder.exists():  # an empty folder: the store takes its place, and its permissions
            os.chmod(building, stat.S_IMODE(folder.stat().st_mode))
            folder.rmdir()
        os.replace(building, folder)
    except BaseException as e:
        traceback.clear_frames(e.__traceback__)  # the frames that failed hold the store open
        if collector is not None and collector.is_alive():
            collector.kill()  # before the folder is removed: it must write nothing after
            collector.join()
        backend = None
        gc.collect()
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(e, OSError):
            raise StoreError(f"{folder}: cannot create a store: {e.strerror or e}") from e
        raise
    finally:
        if progress:
            progress.close()
    return n


def _start_collecting(files, path):
    """Stream ``files`` into a concept network saved at ``path`` in a second process (forked,
    so that it runs on another core while this one bulk-loads); ``None`` where processes cannot
    be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    process = multiprocessing.get_context("fork").Process(target=_collect_to, args=(files, path, os.getpid()),
                                                          daemon=True)
    process.start()
    return process


def _collect_to(files, path, parent):
    """The collector's work, in the child: it dies with its parent (``kill -9`` of ``load`` included),
    quietly (the parent reports the file's error), and writes its file whole or not at all."""
    die_with_parent(parent)
    # the parent answers Ctrl-C and SIGTERM and then ends this child: it dies quietly, no traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    try:
        network = Source(data=files, engine="oxigraph").network()
        partial = path.with_name(path.name + ".partial")
        save_network(network, partial)
        os.replace(partial, path)
    except Exception:  # noqa: BLE001 -- the parent reads the same files and reports the error in one line
        os._exit(2)
