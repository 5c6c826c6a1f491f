"""Decisions made in the HTML report, end to end in a real headless Chromium (issue 17).

Playwright drives the system's Chromium (``/usr/bin/chromium``; ``playwright
install`` is never run): the editor retypes one entry, ignores another with a
note, merges two, downloads ``decisions.toml``, and the next collation applies it.
Skipped where Playwright or Chromium is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collate import collate
from collate.reporters import write_reports

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install '.[test]')"
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

WITNESSES = {
    "A": "the black cat sat on the mat.\nThen the old dog ran home,\nand the cat slept.",
    "B": "the white dog sat on a mat.\nThen the dog ran away,\nand the cat sleeps.",
}


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def entry_number(app, a: str) -> int:  # type: ignore[no-untyped-def]
    return next(e.n for e in app.entries if e.reading("A").text == a)


def test_decide_in_the_page_download_and_collate_again(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "letter"
    folder.mkdir()
    for siglum, text in WITNESSES.items():
        (folder / f"{siglum}.txt").write_text(text, encoding="utf-8")
    before = collate(folder)
    assert [(e.reading("A").text, e.type) for e in before.entries][:3] == [
        ("black cat", "lexical"),
        ("the", "lexical"),
        ("old", "omission"),
    ]
    write_reports(before, tmp_path / "out", ["html"])

    page = browser.new_page(accept_downloads=True)
    page.goto((tmp_path / "out" / "apparatus.html").as_uri())
    page.fill("#d-resp", "AB")
    cat, the, old = (page.locator(f"#e{entry_number(before, a)}") for a in ("black cat", "the", "old"))
    cat.locator(".d-type").select_option("orthographic|accidental")
    the.locator(".d-ignore").check()
    the.locator(".d-note").fill('an article, "not printed"')
    old.locator(".d-merge").check()  # "old" and the entry after it ("home" / "away") become one
    assert page.inner_text("#d-count") == "3"
    with page.expect_download() as download:
        page.click("#d-download")
    assert download.value.suggested_filename == "decisions.toml"
    download.value.save_as(folder / "decisions.toml")
    page.screenshot(path=str(tmp_path / "page.png"))
    page.close()

    after = collate(folder)  # picks up decisions.toml beside the witnesses
    assert after.decisions.applied == 3 and after.decisions.stale == ()
    first = after.entries[0]
    assert (first.type, first.category, first.decision.resp) == ("orthographic", "accidental", "AB")
    article = next(e for e in after.entries if e.reading("A").text == "the")
    assert article.ignored and article.decision.note == 'an article, "not printed"'
    merged = next(e for e in after.entries if "old" in e.reading("A").text)
    assert merged.reading("A").text == "old dog ran home" and merged.reading("B").text == "dog ran away"
    assert merged.decision.kinds == ("merge",)
    assert len(after.entries) == len(before.entries) - 1


def test_the_page_keeps_the_decisions_already_made(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "letter"
    folder.mkdir()
    for siglum, text in WITNESSES.items():
        (folder / f"{siglum}.txt").write_text(text, encoding="utf-8")
    old = '# kept\n[[decision]]\nreadings = { A = "slept", B = "sleeps" }\nnote = "tense"\n'
    (folder / "decisions.toml").write_text(old, encoding="utf-8")
    app = collate(folder)
    write_reports(app, tmp_path / "out", ["html"])
    page = browser.new_page()
    page.goto((tmp_path / "out" / "apparatus.html").as_uri())
    page.locator(f"#e{entry_number(app, 'black cat')} .d-note").fill("colour")
    text = page.locator("#d-preview").text_content()
    page.close()
    assert text.startswith(old.rstrip()) and text.endswith(
        'readings = { "A" = "black cat", "B" = "white dog" }\nnote = "colour"'
    )
