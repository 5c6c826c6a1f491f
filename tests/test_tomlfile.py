"""The editor's TOML files (decisions, user rules) locate every error at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from collate.decisions import DecisionError, parse_decisions
from collate.errors import RuleError
from collate.normalize.user import load_user_rules


def rules_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_user_rules(path)
    return str(caught.value).replace(str(path), "rules.toml")


def decisions_error(text: str) -> str:
    with pytest.raises(DecisionError) as caught:
        parse_decisions(text, "d.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[{name}]]\nx = = 1\n", ":2:5: Invalid value"),  # TOML syntax: line and column
        ('title = "mine"\n\n[[{name}]]\n', ":1: unknown table 'title' (expected [[{name}]])"),
        ("[[{name}]]\n{ok}\n\n[meta]\nby = 1\n", ":5: unknown table 'meta' (expected [[{name}]])"),
        ("{name} = 3\n", ":1: '{name}' must be an array of tables: write [[{name}]]"),
        ("{name} = [1]\n", ":1: each {name} must be a table: write [[{name}]]"),
    ],
)
def test_both_files_name_the_line_of_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    rule = body.format(name="rule", ok='pattern = "a"\nreplacement = "b"')
    decision = body.format(name="decision", ok='readings = { A = "a" }\nignore = true')
    assert rules_error(tmp_path, rule) == "rules.toml" + message.format(name="rule")
    assert decisions_error(decision) == "d.toml" + message.format(name="decision")


def test_a_key_s_error_points_at_its_line_in_its_own_table(tmp_path: Path) -> None:
    rules = '[[rule]]\npattern = "a"\nreplacement = "b"\n\n[[rule]]\npattern = "c"\nreplacement = "d"\nregex = 2\n'
    assert rules_error(tmp_path, rules) == "rules.toml:8: 'regex' must be true or false"
    decisions = '[[decision]]\nreadings = { A = "a" }\nignore = true\n\n[[decision]]\nreadings = { A = "b" }\nignore = 3\n'
    assert decisions_error(decisions) == "d.toml:7: ignore must be true or false"
