"""The HTML report (issue 5): self-contained, escaped, and checked in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from collate import collate
from collate.reporters import html

HOSTILE = {
    "A": "Мао <script>document.title='pwned'</script> сказал <img src=x onerror=\"document.title='img'\"> всё",
    "B": "Мао сказал всё",
}


@pytest.fixture(scope="module")
def seed_page(seed_apparatus) -> str:
    return html.render(seed_apparatus)


def test_page_is_self_contained(seed_page: str) -> None:
    # No address of anything outside the file: no scheme, no protocol-relative "//host".
    assert "http:" not in seed_page and "https:" not in seed_page
    markup = re.sub(r"<script>.*?</script>", "", seed_page, flags=re.S)  # JS comments start with //
    assert not re.search(r"""["'(=]\s*//""", markup)
    for fetch in (" src=", "<link", "@import", "url(", "<iframe", "<object", "<embed"):
        assert fetch not in seed_page, fetch
    assert seed_page.count("<script>") == 1 and seed_page.count("<style>") == 1
    assert '<meta charset="utf-8">' in seed_page


def test_page_shows_every_part(seed_page: str, seed_apparatus) -> None:
    entries = seed_apparatus.entries
    assert len(re.findall(r'<li id="e\d+"', seed_page)) == len(entries)
    assert len(re.findall(r'<a class="v [^"]*" id="t\d+"', seed_page)) == len(entries)  # base text
    # Side by side: each witness's column marks every entry once more.
    assert seed_page.count('class="wtext"') == len(seed_apparatus.sigla)
    assert len(re.findall(r"<a href=\"#e\d+\" data-n", seed_page)) == len(entries)  # density ticks
    assert "<svg" in seed_page and "density" in seed_page
    for entry in entries:
        assert f'data-type="{entry.type}"' in seed_page
        assert f"type-{entry.type}" in seed_page  # a legend swatch and colour for each type
    summary = seed_apparatus.summary()
    for category, n in summary["by_category"].items():
        assert f'value="{category}"' in seed_page  # a filter per category
        assert f"{category} ({n})" in seed_page
    assert "оторвался" in seed_page and "Цзэдуну" in seed_page


def test_categories_differ_in_line_style_not_only_colour() -> None:
    css = html._static("report.css")
    styles = {
        c: re.search(rf"\.v\.cat-{c} \{{[^}}]*border-bottom-style: (\w+)", css).group(1)
        for c in ("substantive", "accidental", "editorial")
    }
    assert len(set(styles.values())) == 3
    assert "print-color-adjust: exact" in css and "@media print" in css


def test_witness_text_is_escaped() -> None:
    page = html.render(collate(HOSTILE))
    assert "<script>document" not in page and "<img src" not in page
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in page  # Jinja2's escaping
    assert page.count("<script>") == 1  # only the page's own


def test_ticks_fall_in_text_order(seed_apparatus) -> None:
    svg = html.density_svg(seed_apparatus)
    ticks = {int(n): float(x) for n, x in re.findall(r'<a href="#e(\d+)"[^>]*><rect x="([\d.]+)"', svg)}
    assert sorted(ticks) == [e.n for e in seed_apparatus.entries]
    xs = [ticks[n] for n in sorted(ticks)]
    assert xs == sorted(xs)  # entries are numbered in text order, so ticks go left to right
    assert all(110 <= x <= 1000 for x in xs)
    heat = re.findall(r'fill-opacity="([\d.]+)"><title>(\d+) entries', svg)
    assert len(heat) == html.DENSITY_BINS
    assert sum(int(n) for _, n in heat) == len(seed_apparatus.entries)


# --- headless Chromium -----------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (Debian: apt-get install chromium)")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
        url,
    ]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


@pytest.fixture(scope="module")
def pages(tmp_path_factory, seed_page: str) -> Path:
    folder = tmp_path_factory.mktemp("html")
    (folder / "seed.html").write_text(seed_page, encoding="utf-8")
    (folder / "hostile.html").write_text(html.render(collate(HOSTILE)), encoding="utf-8")
    return folder


def test_chromium_renders_the_seed(pages: Path, seed_apparatus) -> None:
    dom = chromium((pages / "seed.html").as_uri(), pages / "profile", "--dump-dom").stdout
    assert f"<title>{seed_apparatus.title}</title>" in dom
    assert "оторвался" in dom and "ЦЗЕ-ДУНУ" in dom  # Cyrillic, as text
    assert len(re.findall(r'<li id="e\d+"', dom)) == len(seed_apparatus.entries)
    # The script ran: it un-hides the filters and counts the entries shown.
    assert re.search(r'<form id="filters">', dom)
    assert f'<span id="shown">{len(seed_apparatus.entries)}</span>' in dom


def test_chromium_screenshot(pages: Path) -> None:
    shot = pages / "seed.png"
    chromium(
        (pages / "seed.html").as_uri(),
        pages / "profile-shot",
        f"--screenshot={shot}",
        "--window-size=1280,2000",
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = pytest.importorskip("PIL.Image").open(shot)
    assert image.size == (1280, 2000)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, highlights and the strip, not a blank page


def test_chromium_filters_from_the_address(pages: Path, seed_apparatus) -> None:
    url = (pages / "seed.html").as_uri() + "#only=substantive"
    dom = chromium(url, pages / "profile-filter", "--dump-dom").stdout
    items = re.findall(r'<li id="e(\d+)" class="([^"]*)"', dom)
    hidden = {int(n) for n, cls in items if "off" in cls.split()}
    expected = {e.n for e in seed_apparatus.entries if e.category != "substantive"}
    assert hidden == expected
    shown = len(seed_apparatus.entries) - len(expected)
    assert f'<span id="shown">{shown}</span>' in dom


@pytest.mark.parametrize("labels", ["case", "punctuation", "accidental,lexical", "substantive,case"])
def test_chromium_filters_as_the_command_line_does(pages: Path, seed_apparatus, labels: str) -> None:
    # The page used to filter on an entry's first type and on category AND type:
    # #only=case showed 1 entry where --only case kept 3. Now both mean typology.matches.
    dom = chromium(
        (pages / "seed.html").as_uri() + f"#only={labels}", pages / "profile-only", "--dump-dom"
    ).stdout
    items = re.findall(r'<li id="e(\d+)" class="([^"]*)"', dom)
    shown = {int(n) for n, cls in items if "off" not in cls.split()}
    assert shown == {e.n for e in seed_apparatus.filter(labels.split(",")).entries}


def test_chromium_shows_a_hostile_script_as_text(pages: Path) -> None:
    dom = chromium((pages / "hostile.html").as_uri(), pages / "profile-hostile", "--dump-dom").stdout
    assert "<title>Apparatus: A / B</title>" in dom  # the witness's script did not run
    assert "pwned" in dom and "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "<img" not in dom


def test_chromium_prints_the_page(pages: Path) -> None:
    pdf = pages / "seed.pdf"
    chromium(
        (pages / "seed.html").as_uri(),
        pages / "profile-pdf",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000


def test_majority_text_shows_each_lemma() -> None:
    app = collate(
        {"A": "Мао ответил сразу", "B": "Мао сказал сразу", "C": "Мао сказал сразу"}, base="majority"
    )
    (entry,) = app.entries
    assert entry.base in ("B", "C")
    page = html.render(app)
    main = page.split('<div class="running" lang="ru">')[1].split("</div>")[0]
    shown = re.sub(r'title="[^"]*"', "", main)  # the tooltip lists every reading
    assert ">сказал<sup>1</sup>" in shown and "ответил" not in shown
    assert "majority" in page


def test_lang_attribute_follows_the_script(seed_page: str) -> None:
    assert '<div class="running" lang="ru">' in seed_page
    english = html.render(collate({"A": "the black cat", "B": "the cat"}))
    assert 'lang="ru"' not in english and '<div class="running">' in english
