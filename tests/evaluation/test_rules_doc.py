"""docs/rules.md is the committed output of ``manage.py rules_doc``: it must list every rule of the rulebook."""

from pathlib import Path

from casemgmt.cases.rulebook import RULES
from casemgmt.evaluation.management.commands.rules_doc import rules_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_every_rule_is_listed_with_its_article():
    text = rules_markdown()
    for rule in RULES.values():
        assert f"`{rule.code}`" in text
        assert rule.article.replace("|", "\\|") in text


def test_committed_rules_doc_is_current():
    assert DOC.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run manage.py rules_doc > docs/rules.md"
    )
