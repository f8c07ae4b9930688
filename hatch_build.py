"""Build hook: the wheel carries the article, its graph, the queries and the viewer's template.

The top-level ``data/``, ``queries/`` and ``viz/template/`` are the source of truth. A regular
wheel gets copies inside the package, under ``graph/_resources/`` (see ``graph/resources.py``);
an editable install reads them in place, so nothing is copied for it; it gets ``.editable/graph``
instead, a link to the package in the one folder its ``.pth`` line puts on ``sys.path``.
"""

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

RESOURCES = {"data": "graph/_resources/data", "queries": "graph/_resources/queries",
             "viz/template": "graph/_resources/viz/template"}


class ResourcesHook(BuildHookInterface):
    def initialize(self, version, build_data):
        if version == "standard":
            build_data["force_include"].update(RESOURCES)
            return
        import os
        from pathlib import Path

        folder = Path(self.root) / ".editable"
        folder.mkdir(exist_ok=True)
        if not (folder / "graph").is_symlink():
            os.symlink(os.path.join("..", "graph"), folder / "graph")
