"""The notebook (issue 5) runs top to bottom with the project's kernel, so it can never rot."""

from __future__ import annotations

import shutil

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


TRADITION = ROOT / "notebooks" / "tradition.ipynb"


def test_tradition_notebook_shows_graph_distances_and_trees(monkeypatch) -> None:
    """The second notebook (issue 15): Darwin and Frankenstein, executed, with their figures."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from .test_graph import CORPORA, DARWIN, FRANKENSTEIN

    if not (DARWIN.exists() and FRANKENSTEIN.exists()):
        pytest.skip("the shared corpora are not beside the repository")
    monkeypatch.setenv("COLLATE_CORPORA", str(CORPORA))  # the kernel inherits it
    nb = nbformat.read(TRADITION, as_version=4)
    assert all(not c.outputs for c in nb.cells if c.cell_type == "code")  # committed without outputs
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 4  # two heat maps, two dendrograms
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "1859 nearest: 1860" in printed and "1872 nearest: 1869" in printed
    assert "1818 nearest: Thomas" in printed and "farthest from 1818: 1831" in printed
    assert "#NEXUS" in printed
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    if shutil.which("dot"):
        assert any(h.lstrip().startswith("<svg") for h in html)  # the variant graph, drawn
