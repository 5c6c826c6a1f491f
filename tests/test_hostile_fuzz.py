"""Property tests (Hypothesis): no siglum, title or text crashes any command.

Random sigla, titles and witness texts (control characters, escape
sequences, rich and HTML markup, TeX specials, formula starts, right-to-left
marks, lone surrogates) go through a manifest or CollateX JSON into
``collate report`` (every format), ``diff``, ``normalize --explain`` and
``rules``. Whatever the input, each command either succeeds or prints one
line starting ``collate: `` and exits 2: never a traceback, never another
exception. When a report succeeds, every output it wrote is read back with the
tool its readers use (JSON, TEI and GraphML as XML, CSV with pandas, Markdown
rendered as GitHub does with no raw HTML surviving, NEXUS and the HTML page
parsed); compiling the LaTeX is left to ``test_hostile_output.py``, which does
it once for a hostile set, since a TeX run per example would take minutes.

Examples are few and there is no deadline, so that the suite stays fast;
``COLLATE_FUZZ_EXAMPLES=500 pytest tests/test_hostile_fuzz.py`` runs a long
session.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from collate.cli import app

EXAMPLES = max(1, int(os.environ.get("COLLATE_FUZZ_EXAMPLES", "40")) // 4)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
runner = CliRunner()

# What breaks outputs and terminals, drawn alongside arbitrary code points.
HOSTILE = [
    "\x1b[41m",
    "\x07",
    "\x00",
    "\r",
    "[/b]",
    "[link=http://x]",
    "<img src=x onerror=alert(1)>",
    "&amp;",
    "\\input{/etc/passwd}",
    "%",
    "#",
    "_",
    "|",
    "=cmd|' /C calc'!A0",
    "+1",
    "-",
    "@",
    "\u202e",
    "\u200f",
    "\ufeff",
    "'",
    '"',
    "{",
    "}",
    "]]",
    "\ud800",
    "ё",
    "Ѣ",
    "😀",
    " ",
    "\n",
]
piece = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(), max_size=6))
sigla = st.lists(piece, min_size=1, max_size=3).map("".join)
titles = st.lists(piece, max_size=4).map("".join)
words = st.sampled_from(["один", "два", "три", "Москва", "товарищ", "т.", "1950", "—", "«да»", "A&B"])
texts = st.lists(st.one_of(words, piece), min_size=0, max_size=25).map(" ".join)


def toml_string(text: str) -> str:
    """A TOML basic string for ``text``; a lone surrogate cannot be written, so it stays a raw escape."""
    out = []
    for ch in text:
        if ch in '"\\' or ord(ch) < 0x20 or ord(ch) == 0x7F or "\ud800" <= ch <= "\udfff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def check(result, command: str) -> None:
    """Success, or one ``collate:`` line and exit 2; never an exception escaping the command."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        command,
        repr(result.exception),
    )
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (command, result.stderr)
        assert lines[0].startswith("collate: "), (command, result.stderr)
    else:
        assert result.exit_code in (0, 1), (command, result.exit_code, result.stderr)
        assert "Traceback" not in result.stderr


def check_outputs(out: Path) -> None:
    """Every report a successful run wrote parses with its readers' tool."""
    import io

    import networkx as nx
    import pandas as pd
    from lxml import etree
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt
    from nexus import NexusReader

    written = {p.name: p for p in out.iterdir()}
    assert "apparatus.json" in written, sorted(written)
    doc = json.loads(written["apparatus.json"].read_text(encoding="utf-8"))
    json.loads(written["alignment.json"].read_text(encoding="utf-8"))
    tei = etree.parse(str(written["apparatus.xml"]), etree.XMLParser(resolve_entities=False, no_network=True))
    ids = tei.xpath("//*[local-name()='witness']/@xml:id")
    assert len(ids) == len(set(ids)) == len(doc["witnesses"]), ids
    frame = pd.read_csv(written["apparatus.csv"], dtype=str, keep_default_na=False)
    assert len(frame) == len(doc["entries"])
    rendered = MarkdownIt("commonmark").enable("table").render(written["apparatus.md"].read_text("utf-8"))
    assert not lxml_html.fragment_fromstring(rendered, create_parent="div").xpath("//img | //script"), (
        rendered
    )
    page = lxml_html.fromstring(written["apparatus.html"].read_bytes())
    assert not page.xpath("//img[@onerror] | //*[@onerror]")
    nx.read_graphml(io.BytesIO(written["variant-graph.graphml"].read_bytes()))
    matrix = NexusReader.from_string(written["apparatus.nex"].read_text(encoding="utf-8"))
    assert matrix.taxa.ntaxa == len(
        doc["witnesses"]
    )  # the TAXA block: a matrix of no units has no rows to count


def write_texts(folder: Path, texts: list[str]) -> list[Path]:
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"w{i}.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        paths.append(path)
    return paths


@FUZZ
@given(st.lists(st.tuples(sigla, titles, texts), min_size=2, max_size=3))
def test_no_manifest_crashes_report_diff_or_normalize(witnesses: list[tuple[str, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "w"
        folder.mkdir()
        paths = write_texts(folder, [text for _, _, text in witnesses])
        manifest = "".join(
            f"[[witness]]\nfile = {toml_string(path.name)}\nsiglum = {toml_string(siglum)}\n"
            f"title = {toml_string(title)}\nsource = {toml_string(title[::-1])}\n\n"
            for path, (siglum, title, _) in zip(paths, witnesses, strict=True)
        )
        (folder / "witnesses.toml").write_text(manifest, encoding="utf-8")
        out = Path(tmp) / "out"
        result = runner.invoke(app, ["report", str(folder), "-o", str(out), "-f", "all", "--limit", "5"])
        check(result, "report")
        if result.exit_code == 0:
            check_outputs(out)
        check(runner.invoke(app, ["diff", str(paths[0]), str(paths[1])]), "diff")
        check(runner.invoke(app, ["normalize", str(paths[0]), "--explain"]), "normalize")


@FUZZ
@given(st.lists(st.tuples(sigla, texts), min_size=2, max_size=3), st.booleans())
def test_no_collatex_json_crashes_report(witnesses: list[tuple[str, str]], as_tokens: bool) -> None:
    def entry(siglum: str, text: str) -> dict[str, object]:
        if as_tokens:
            return {"id": siglum, "tokens": [{"t": t, "n": t.lower()} for t in text.split()]}
        return {"id": siglum, "content": text}

    # json.dumps writes a lone surrogate as a \ud800 escape, as a hostile file would.
    doc = json.dumps({"witnesses": [entry(s, t) for s, t in witnesses]})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.json"
        path.write_text(doc, encoding="utf-8")
        out = Path(tmp) / "out"
        result = runner.invoke(app, ["report", str(path), "-o", str(out), "-f", "all", "--limit", "5"])
        check(result, "report")
        if result.exit_code == 0:
            check_outputs(out)


def test_rules_lists_without_crashing() -> None:
    check(runner.invoke(app, ["rules"]), "rules")
