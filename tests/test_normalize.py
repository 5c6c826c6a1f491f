"""Normalization (issue 3): data-driven cases, rule examples, tables, properties, profiles,
user rules, the seed and a pre-reform text against its modern edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collate import collate
from collate.errors import RuleError
from collate.language import LANGUAGES, detect
from collate.model import EDITORIAL_KINDS, Kind
from collate.normalize import (
    PACKS,
    PROFILES,
    REGISTRY,
    RULES,
    Profile,
    Registry,
    Rule,
    RulePack,
    get_profile,
    normalize,
)
from collate.normalize.common import CASE, NFC
from collate.normalize.registry import VARIANT_TYPES
from collate.normalize.tables import load_palladius
from collate.normalize.user import load_user_rules
from collate.tokenize import LineIndex, detokenize, leading_space, tokenize

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "witnesses" / "1950-10-01-filippov-to-mao"
ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def unescape(text: str) -> str:
    """``⏎`` is a line break, ``\\uXXXX`` any character."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text.replace("⏎", "\n"))


def profile_from(spec: str) -> tuple[Profile, str]:
    """``"en diplomatic +palladius"``: a language, a profile name and/or switches (default: ru, orthographic)."""
    words = spec.split()
    language = next((w for w in words if w in LANGUAGES), "ru")
    words = [w for w in words if w not in LANGUAGES]
    name = words[0] if words and words[0][0] not in "+-" else "orthographic"
    changes = [w for w in words if w[0] in "+-"]
    return get_profile(name, changes), language


def norms(text: str, profile: Profile, language: str = "ru") -> tuple[str, list[str]]:
    tokens = normalize(tokenize(text), profile, language=language)
    fired = sorted({rule for t in tokens for rule in t.rules})
    return " ".join(t.norm for t in tokens if t.norm), fired


def load_cases() -> list:
    cases = []
    for number, raw in enumerate((DATA / "normalize_cases.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        xfail = line.startswith("xfail:")
        fields = [f.strip() for f in line.removeprefix("xfail:").split("|")]
        original, expected, rules = fields[:3]
        spec = fields[3] if len(fields) > 3 else ""
        marks = [pytest.mark.xfail(strict=True, reason="known failure")] if xfail else []
        cases.append(
            pytest.param(unescape(original), expected, rules, spec, marks=marks, id=f"{number}:{original}")
        )
    return cases


CASES = load_cases()


@pytest.mark.parametrize(("original", "expected", "rules", "spec"), CASES)
def test_case(original: str, expected: str, rules: str, spec: str) -> None:
    got, fired = norms(original, *profile_from(spec))
    assert got == expected
    want = [] if rules == "-" else sorted(r.strip() for r in rules.split(","))
    assert fired == want


def test_cases_cover_every_rule() -> None:
    fired = {rule for case in CASES for rule in case.values[2].replace(" ", "").split(",")}
    assert set(RULES) <= fired


@pytest.mark.parametrize("name", list(RULES))
def test_rule_examples_hold(name: str) -> None:
    rule = RULES[name]
    assert rule.examples, f"{name} has no examples"
    assert rule.description and rule.variant_type in VARIANT_TYPES
    alone = Profile(name, ("nfc", name))
    language = next(pack.language for pack in PACKS if name in pack.rule_names)
    for original, expected in rule.examples:
        assert norms(original, alone, language)[0] == expected, (name, original)


def test_packs_are_handed_to_the_registry_explicitly() -> None:
    """A registry knows only the packs it is given; a pack's rules run in the pack's order."""
    registry = Registry([RulePack("en", "English", (NFC, CASE))])
    assert list(registry.rules) == ["nfc", "case"]
    with pytest.raises(RuleError, match="language='ru': no rule pack"):
        registry.pack("ru")
    tokens = registry.normalize(tokenize("ПЕКИН colour"), get_profile("orthographic"), language="en")
    assert [t.norm for t in tokens] == ["пекин", "colour"]  # no our_or in this registry
    with pytest.raises(RuleError, match="defined twice"):
        Registry(
            [RulePack("en", "a", (Rule("case", "x", "case", token=str.lower),)), RulePack("ru", "b", (CASE,))]
        )


def test_registry_owns_its_caches_and_clears_them_in_one_call() -> None:
    from collate.normalize import lexicon, morph

    normalize(tokenize("парал-⏎лель colour".replace("⏎", "\n")), get_profile("orthographic"), language="ru")
    normalize(tokenize("colour"), get_profile("orthographic"), language="en")
    assert REGISTRY._forms and morph.is_known.cache_info().currsize and lexicon.is_word.cache_info().currsize
    REGISTRY.clear_caches()
    assert not REGISTRY._forms and not REGISTRY._plans
    assert morph.is_known.cache_info().currsize == 0 and lexicon.is_word.cache_info().currsize == 0


def test_rules_change_a_working_copy_and_cached_forms_stay_right() -> None:
    """The rules change a list of their own in place: the caller's list is left as it was, and a
    second run (every form now cached, most as "no rule changes it") gives the same tokens."""
    text = "Ф И Л И П П О В ЦЗЕ-⏎ДУНУ т. Булганину мѣ-⏎сто Отчего-бы «Пекин» - да".replace("⏎", "\n")
    tokens = list(tokenize(text))
    before = list(tokens)
    REGISTRY.clear_caches()
    first = normalize(tokens, get_profile("orthographic"), language="ru")
    assert tokens == before and isinstance(first, tuple)
    assert normalize(tokens, get_profile("orthographic"), language="ru") == first
    assert [t.norm for t in first if t.norm] == [
        "филиппов", "цзэдуну", "товарищ", ".", "булганину", "место", "отчего", "бы", '"', "пекин", '"', "—", "да",
    ]  # fmt: skip
    assert REGISTRY.token_form("Пекин", REGISTRY.rules_for(["case", "yo"], "ru")) == ("пекин", ("case",))
    assert REGISTRY.token_form("пекин", REGISTRY.rules_for(["case", "yo"], "ru")) == ("пекин", ())


def test_the_normalize_package_has_no_import_cycle() -> None:
    """No module of collate.normalize imports another that imports it back (at import or on use)."""
    import ast

    folder = ROOT / "collate" / "normalize"
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
        graph[path.stem] = {name for name in found if (folder / f"{name}.py").exists()}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt})):
                return True
        return False

    cycles = [name for name in graph if reaches(name, name, set())]
    assert cycles == [], cycles


def test_rule_order_and_profiles() -> None:
    names = list(RULES)
    for first, later in [
        ("nfc", "case"),
        ("hyphenation", "palladius"),
        ("palladius", "case"),
        ("case", "yo"),
    ]:
        assert names.index(first) < names.index(later)
    assert PROFILES["diplomatic"].rule_names == ("nfc",)
    assert set(PROFILES["orthographic"].rule_names) == set(RULES) - {"ignore_punctuation", "itacism"}
    assert set(PROFILES["manuscript"].rule_names) == set(RULES) - {"ignore_punctuation"}
    assert set(PROFILES["substance"].rule_names) == set(RULES) - {"itacism"}
    assert get_profile("orthographic", ["-case", "+case"]).rule_names[-1] == "case"


def test_variant_types_match_the_typology() -> None:
    expected = {
        "palladius": "transliteration",
        "hyphenation": "word-division",
        "letterspacing": "word-division",
        "word_division": "word-division",
        "punctuation_spacing": "punctuation",
        "quotes": "punctuation",
        "dashes": "punctuation",
        "yo": "orthographic",
        "prereform": "orthographic",
        "homoglyphs": "orthographic",
        "pre1956": "orthographic",
        "case": "case",
        "nfc": "unicode",
    }
    assert {name: RULES[name].variant_type for name in expected} == expected


def test_bad_switches_and_profiles_are_rule_errors() -> None:
    with pytest.raises(RuleError, match="unknown profile"):
        get_profile("strict")
    with pytest.raises(RuleError, match="unknown rule 'nope'"):
        get_profile("orthographic", ["-nope"])
    with pytest.raises(RuleError, match="must start with"):
        get_profile("orthographic", ["case"])


def test_bad_palladius_table_fails_when_loaded() -> None:
    with pytest.raises(RuleError, match="not lower case"):
        load_palladius({"syllables": {"z": ["ЦЗЭ"]}, "variants": {}, "alternation": {}})
    with pytest.raises(RuleError, match="not a syllable"):
        load_palladius(
            {"syllables": {"z": ["цзэ"]}, "variants": {"e": ["цзе"]}, "alternation": {"цзе": "цзу"}}
        )


# --- offsets and losslessness of joins and splits


def test_joined_tokens_keep_the_original_slice() -> None:
    text = "обеспечить парал-\nлель и Ф И Л И П П О В  и ЦЗЕ-\nДУНУ."
    tokens = normalize(tokenize(text), get_profile("orthographic"))
    joined = {t.text: t for t in tokens if len(t.text) > 5 and not t.text.isalpha()}
    assert set(joined) == {"парал-\nлель", "Ф И Л И П П О В", "ЦЗЕ-\nДУНУ"}
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert (token.line, token.column) == LineIndex(text).position(token.start)
    assert joined["Ф И Л И П П О В"].ws == "  "
    assert joined["ЦЗЕ-\nДУНУ"].norm == "цзэдуну" and joined["ЦЗЕ-\nДУНУ"].line == 2
    assert detokenize(tokens) == text


def test_split_tokens_concatenate_to_the_original() -> None:
    text = "Отчего-бы  нет"
    tokens = normalize(tokenize(text), get_profile("orthographic"))
    assert [(t.text, t.norm, t.kind, t.start, t.column) for t in tokens] == [
        ("Отчего", "отчего", Kind.WORD, 0, 1),
        ("-", "", Kind.PUNCT, 6, 7),
        ("бы", "бы", Kind.WORD, 7, 8),
        ("нет", "нет", Kind.WORD, 11, 12),
    ]
    assert tokens[2].ws == "  " and tokens[1].ignorable
    assert detokenize(tokens) == text


# --- properties

FRAGMENTS = [
    "ЦЗЕ", "ДУНУ", "Цзэ", "дун", "ЭНЬ", "ЛАЮ", "парал", "лель", "северо", "запад", "Отчего", "бы",
    "Ф", "И", "Л", "ѣ", "і", "ъ", "аго", "без", "с", "Пe", "кин", "38", "5", "1.X..50", "г",
    "-", "‐", "—", "–", ".", ",", "«", "»", "'", "…", " ", " ", "  ", "\n", "\r\n", "\u00ad",
    "\u0301", "\u200b", "\u00a0", "ё", "Ё", "итти", "жолт", "[из Сочи]", "- 2 -", "i", "e",
]  # fmt: skip
TEXTS = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.text(alphabet=st.sampled_from("абвгдеёжзийАБВГЦЗЕДУНЬaeioxАЯѣіъ -‐.,\n\u00ad\u0301'"), max_size=40),
)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(TEXTS, st.sampled_from(sorted(PROFILES)))
def test_normalization_is_lossless_and_keeps_offsets(text: str, profile_name: str) -> None:
    tokens = normalize(tokenize(text), get_profile(profile_name))
    assert leading_space(text) + detokenize(tokens) == text
    index = LineIndex(text)
    position = len(leading_space(text))
    for token in tokens:
        assert token.start == position and text[token.start : token.end] == token.text
        assert (token.line, token.column) == index.position(token.start)
        position = token.end + len(token.ws)
        if token.kind not in EDITORIAL_KINDS:  # editorial tokens are never aligned
            assert not any(ch.isspace() for ch in token.norm), token


@PROPERTY
@given(TEXTS)
def test_normalization_never_empties_a_word(text: str) -> None:
    for token in normalize(tokenize(text), get_profile("substance")):
        if token.kind in (Kind.WORD, Kind.NUMBER):
            assert token.norm, token


@PROPERTY
@given(TEXTS, st.sampled_from(sorted(PROFILES)))
def test_normalization_is_idempotent(text: str, profile_name: str) -> None:
    profile = get_profile(profile_name)
    language = detect(text)  # one witness, one language (a lone norm could be detected otherwise)
    for token in normalize(tokenize(text), profile, language=language):
        if token.norm and token.kind is not Kind.PUNCT:
            again = [t.norm for t in normalize(tokenize(token.norm), profile, language=language) if t.norm]
            assert again == [token.norm], token


# --- the seed and a pre-reform text


def test_seed_entries_under_the_default_profile() -> None:
    apparatus = collate(SEED, decisions=False)  # the classifier's verdicts, not the seed editor's
    by_reading = {(e.reading("A").text, e.reading("B").text): e for e in apparatus.entries}
    for a, b, rule in [
        ("Мао Цзэдуну", "МАО ЦЗЕ-ДУНУ", "palladius"),
        ("Чжоу Эньлаю", "ЧЖОУ ЭНЬ-ЛАЮ", "palladius"),
        ("т.Булганину", "т. Булганину.", None),
    ]:
        entry = by_reading[(a, b)]
        assert entry.category == "accidental"
        assert rule is None or rule in entry.rules
    assert "transliteration" in by_reading[("Мао Цзэдуну", "МАО ЦЗЕ-ДУНУ")].types
    parallel = next(e for e in apparatus.entries if "38-параллель" in e.reading("A").text)
    assert parallel.category == "accidental"
    substantive = sorted(
        (e.reading("A").text, e.reading("B").text) for e in apparatus.entries if e.category == "substantive"
    )
    assert substantive == sorted(
        [
            ("", "в 3ч.00м."),
            ("оторвался", "оторван"),
            ("приказ", "приказа"),
            ("хотя", "то следовало"),
            ("войсковые", "воинственные"),
            ("", "я"),
        ]
    )


def test_seed_dates_are_equal_after_punctuation_spacing() -> None:
    a = [t for t in normalize(tokenize("1.X..50 г."), get_profile("orthographic")) if t.kind is Kind.NUMBER]
    b = [t for t in normalize(tokenize("1.X.50г."), get_profile("orthographic")) if t.kind is Kind.NUMBER]
    assert a[0].norm == b[0].norm and "punctuation_spacing" in a[0].rules


PREREFORM = {"A": DATA / "prereform_old.txt", "B": DATA / "prereform_modern.txt"}


def _texts() -> dict[str, str]:
    return {siglum: path.read_text(encoding="utf-8") for siglum, path in PREREFORM.items()}


def test_prereform_text_has_no_substantive_entry_under_the_default_profile() -> None:
    apparatus = collate(_texts())
    assert [e for e in apparatus.entries if e.category == "substantive"] == []
    assert all("orthographic" in e.types for e in apparatus.entries)


def test_prereform_text_under_diplomatic_has_one_entry_per_changed_word() -> None:
    old, modern = (tokenize(text) for text in _texts().values())
    changed = [a.text for a, b in zip(old, modern, strict=True) if a.text != b.text]
    assert len(changed) == 16
    apparatus = collate(_texts(), profile="diplomatic")
    assert [e.reading("A").text for e in apparatus.entries] == changed
    modern = [b.text for a, b in zip(old, modern, strict=True) if a.text != b.text]
    assert [e.reading("B").text for e in apparatus.entries] == modern


# --- user rules

RULES_TOML = """\
# my regularizations
[[rule]]
pattern = "воинственные"
replacement = "войсковые"
class = "misreading"
scope = ["B"]

[[rule]]
pattern = "^т(ов)?$"
replacement = "товарищ"
regex = true
"""


def test_user_rules_reach_the_apparatus(tmp_path: Path) -> None:
    path = tmp_path / "my-rules.toml"
    path.write_text(RULES_TOML, encoding="utf-8")
    rules = load_user_rules(path)
    assert [(r.name, r.line, r.scope) for r in rules] == [
        ("user:misreading", 2, ("B",)),
        ("user:regularization", 8, ()),
    ]
    apparatus = collate(SEED, user_rules=path)
    entry = next(e for e in apparatus.entries if e.reading("A").text == "войсковые")
    assert entry.category == "accidental" and entry.type == "misreading"
    assert "user:misreading" in entry.rules and "user:misreading" in apparatus.rules
    profile = get_profile("orthographic", user_rules=rules)
    scoped = normalize(tokenize("воинственные тов т"), profile, siglum="A")
    assert [t.norm for t in scoped] == ["воинственные", "товарищ", "товарищ"]
    off = get_profile("orthographic", ["-user:misreading"], user_rules=rules)
    assert normalize(tokenize("воинственные"), off, siglum="B")[0].norm == "воинственные"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (
            '[[rule]]\npattern = "a"\nreplacement = "b"\n\n[[rule]]\npattern = "x"\nreplace = "y"\n',
            7,
            "unknown key 'replace'",
        ),
        ('[[rule]]\npattern = "(a"\nreplacement = "b"\nregex = true\n', 2, "bad regex"),
        ('[[rule]]\npattern = "a"\nreplacement = "b c"\n', 3, "whitespace"),
        ('[[rule]]\npattern = "a"\n', 1, "'replacement' must be a string"),
        ('[[rule]]\npattern = "a"\nreplacement = "b"\nclass = "Bad Class"\n', 4, "'class'"),
        ('[[rule]]\npattern = "a\nreplacement = "b"\n', 2, ""),
        ('[rules]\npattern = "a"\n', 1, "unknown table 'rules'"),
        # rule = [1] crashed with a TypeError; rule = ["ab"] reported "unknown key 'a'".
        ("rule = [1]\n", 1, "each rule must be a table"),
        ('rule = ["ab"]\n', 1, "each rule must be a table"),
        # A U+2028 inside a string is not a line end for TOML; splitlines() counted it as one.
        (
            '[[rule]]\npattern = "a"\nreplacement = "b"\ndescription = "x\u2028y"\n[[rule]]\npattern = ""\n',
            6,
            "'pattern'",
        ),
    ],
)
def test_user_rule_errors_name_file_and_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_user_rules(path)
    assert str(caught.value).startswith(f"{path}:{line}")
    assert message in str(caught.value)


# --- documentation


def test_readme_documents_every_rule_and_profile() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- BEGIN normalization -->")[1].split("<!-- END normalization -->")[0]
    for name in [*RULES, *PROFILES]:
        assert f"`{name}`" in section, name


# --- the command line


def test_cli_normalize_explain_with_user_rules(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from collate.cli import app

    rules = tmp_path / "my-rules.toml"
    rules.write_text(RULES_TOML, encoding="utf-8")
    witness = tmp_path / "B.txt"
    witness.write_text("МАО ЦЗЕ-ДУНУ и парал-\nлель, воинственные", encoding="utf-8")
    result = CliRunner().invoke(app, ["normalize", str(witness), "--explain", "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0].startswith("# B: language ru, profile orthographic (nfc,") and "user:misreading" in lines[0]
    )
    row = next(line for line in lines if "'ЦЗЕ-ДУНУ'" in line)
    assert row.startswith("1:5") and row.split()[-2:] == ["palladius,", "case"]
    assert any("'парал-⏎лель'" in line and "'параллель'" in line for line in lines)
    assert any("'воинственные'" in line and "user:misreading" in line for line in lines)
    assert lines[-1].startswith("# 4 of 6 tokens changed")
    plain = CliRunner().invoke(app, ["normalize", str(witness), "--profile", "substance"])
    assert plain.output.split() == ["мао", "цзэдуну", "и", "параллель", "воинственные"]


def test_cli_reports_a_bad_rules_file_on_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from collate.cli import app

    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\npattern = "(a"\nreplacement = "b"\nregex = true\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(SEED / "A.txt"), str(SEED / "B.txt"), "--rules", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2: bad regex" in result.output
    assert "Traceback" not in result.output
