"""The notebook (issue 5) runs top to bottom with the project's kernel, so it can never rot."""

from __future__ import annotations

import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore-apparatus.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_notebook_runs_top_to_bottom() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("entries" in h and "оторвался" in h for h in html)  # the Apparatus's _repr_html_
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2  # the type counts and where the variants fall
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "aligned columns differ" in printed and "apparatus.html" in printed
