"""manage.py disclosure_export --unit --from --to --format."""

import io

import pytest
from django.core.management import CommandError, call_command

from casemgmt.disclosure import fields as f
from casemgmt.disclosure import formats
from tests.disclosure.conftest import CITIZEN_ID, decided_case


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("disclosure_export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_writes_the_units_records(pub, tmp_path):
    decided_case(pub)
    out, err = run("--unit", pub.township.name, "--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv")
    records = formats.parse(out.encode("utf-8"), "csv")
    assert [r[f.NAME] for r in records] == ["陈某"] and CITIZEN_ID not in out and "已导出 1 条" in err
    target = tmp_path / "out.xlsx"
    run(
        "--unit",
        str(pub.township.pk),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    assert [r[f.NAME] for r in formats.parse(target.read_bytes(), "xlsx")] == ["陈某"]


def test_command_for_another_township_exports_nothing_of_ours(pub):
    decided_case(pub)
    out, _ = run("--unit", pub.other_township.name, "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json")
    assert formats.parse(out.encode("utf-8"), "json") == []


def test_command_refuses_invalid_records_unless_valid_only(pub):
    decided_case(pub)
    bad = decided_case(pub, issue_document=False)
    args = ["--unit", pub.township.name, "--from", "2026-01-01", "--to", "2026-12-31"]
    with pytest.raises(CommandError, match="1条记录未通过校验"):
        run(*args)
    out, err = run(*args, "--valid-only")
    assert f"校验未通过 {bad.number}｜陈某｜{f.DOC_NUMBER}：必填项未填写" in err
    assert len(formats.parse(out.encode("utf-8"), "csv")) == 1


def test_command_refuses_an_unknown_unit_and_a_reversed_period(pub):
    with pytest.raises(CommandError, match="不存在"):
        run("--unit", "不存在的镇", "--from", "2026-01-01", "--to", "2026-12-31")
    with pytest.raises(CommandError, match="起始日期晚于截止日期"):
        run("--unit", pub.township.name, "--from", "2026-12-31", "--to", "2026-01-01")
