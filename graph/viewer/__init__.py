"""Render the graph as one self-contained, offline HTML viewer.

Pyvis builds the network's nodes and edges (:mod:`graph.viewer.payload`, the only module that
loads Pyvis); the page itself comes from our template (``viz/template/``, :data:`graph.resources.TEMPLATE_DIR`), not Pyvis's, because Pyvis 0.3.2
links Bootstrap from a CDN in every mode, puts node titles containing ``href`` into
``innerHTML`` unescaped, and inserts the heading raw. Here:

- vis-network (the copy that ships inside Pyvis) and our script and styles are inlined: the
  page makes no network request, and a Content-Security-Policy forbids any;
- the data travel as JSON in a ``<script type="application/json">`` block, with ``<``, ``>``
  and ``&`` escaped, and the page sets every string from the data as text, never as HTML;
  the policy also allows only our own inline scripts (by hash), so an injected ``onerror=``
  could not run even if it reached the page;
- the output is UTF-8 and byte-identical for the same input.
"""

import base64
import hashlib
import json

import jinja2
from markupsafe import Markup

from ..defaults import VIEW_LIMIT
from ..output import write_whole
from ..resources import DEFAULT_VIEWER, TEMPLATE_DIR
from .payload import build_payload, pyvis_folder

__all__ = ["VIEW_LIMIT", "build_payload", "render_html", "write_html"]


def _script_json(value):
    """JSON that is safe inside a <script> element: no '<', '>' or '&' can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _csp_hash(script):
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(source=None, network=None, limit=VIEW_LIMIT):
    """The viewer page of ``source`` (a :class:`~graph.source.Source`, an rdflib graph, or ``None``
    for the article's graph), as a string (see the module docstring).

    Examples
    --------
    >>> from graph import load
    >>> page = render_html(load())
    >>> page.startswith("<!DOCTYPE html>") and "https://" not in page.split("<script")[0]
    True
    """
    payload = build_payload(source, network, limit)
    vis_dir = pyvis_folder() / "lib" / "vis-9.1.2"
    vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    viewer_js = (TEMPLATE_DIR / "viewer.js").read_text(encoding="utf-8")
    viewer_css = (TEMPLATE_DIR / "viewer.css").read_text(encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                             keep_trailing_newline=True)
    page = env.get_template("viewer.html").render(
        title=payload["title"],
        payload=Markup(_script_json(payload)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        viewer_js=Markup(viewer_js),
        viewer_css=Markup(viewer_css),
        script_hashes=Markup(" ".join([_csp_hash(vis_js), _csp_hash(viewer_js)])),
    )
    return page


def write_html(source=None, path=DEFAULT_VIEWER, network=None, limit=VIEW_LIMIT, inputs=()):
    """Write the viewer to ``path`` (UTF-8), all at once: a failure leaves no partial file
    (an unwritable path raises :class:`~graph.errors.DataError`). Returns the path written.

    As every output (:func:`graph.output.write_whole`): a symbolic link is written through,
    an existing file keeps its permissions, a new one gets the usual ones (0666 less the
    umask); a path that is one of ``inputs``, or is no regular file, is refused.
    """
    return write_whole(path, render_html(source, network, limit), inputs, newline="\n")[0]
