"""CSV imports read what Excel in China saves: strict UTF-8 (with or without BOM) first, then GB18030; a file in
neither is refused with a Chinese message naming the problem, and nothing is imported."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casemgmt.discretion.imports import COLUMNS, ImportRefused, benchmarks_import
from casemgmt.discretion.models import Benchmark
from casemgmt.files.tabular import UndecodableCSV, decode_csv
from casemgmt.legalcal.admin import LoadScheduleForm
from casemgmt.powers.io import MATTER_COLUMNS, ImportRejected, import_matters
from casemgmt.powers.models import Matter
from tests.discretion.support import road_matter

pytestmark = pytest.mark.django_db

NAME = "城管执法：擅自占用城市道路从事经营活动"
UNDECODABLE = "事项编码,事项名称\n".encode() + b"\xff\xfe\x80\x81\xff"


def matters_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MATTER_COLUMNS)
    row = {"事项编码": "CG-901", "事项名称": NAME, "执法领域": "城市管理", "违法条款": "第二十七条第（六）项",
           "罚则条款": "第四十二条", "罚款下限": "0", "罚款上限": "20000"}  # fmt: skip
    writer.writerow([row.get(c, "") for c in MATTER_COLUMNS])
    return out.getvalue()


def benchmark_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    values = {"事项编码": "T-CG-001", "版本": "2025版", "施行日期": "2025-01-01", "计算方式": "分档幅度",
              "裁量阶次": "一般", "适用条件": "城管执法人员责令改正后逾期改正", "幅度下限": "2000", "幅度上限": "10000"}  # fmt: skip
    writer.writerow([values.get(c, "") for c in COLUMNS])
    return out.getvalue()


def test_gb18030_file_is_read_as_gb18030():
    data = matters_csv().encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # a real GB18030 file, not UTF-8 by accident
    assert decode_csv(data) == matters_csv()


def test_utf8_with_and_without_bom_is_read_as_utf8():
    assert decode_csv(("\ufeff" + matters_csv()).encode("utf-8")) == matters_csv()
    assert decode_csv(matters_csv().encode("utf-8")) == matters_csv()


def test_matter_catalogue_imports_from_gb18030_csv(world):
    report = import_matters(matters_csv().encode("gb18030"), "事项.csv")
    assert report.created == 1
    assert Matter.objects.get(code="CG-901").name == NAME


def test_matter_catalogue_imports_from_utf8_bom_csv(world):
    import_matters(("\ufeff" + matters_csv()).encode("utf-8"), "事项.csv")
    assert Matter.objects.get(code="CG-901").name == NAME


def test_benchmarks_import_from_gb18030_csv():
    road_matter()
    benchmarks_import(data=benchmark_csv().encode("gb18030"), filename="基准.csv")
    tier = Benchmark.objects.get().tiers.get()
    assert tier.conditions == "城管执法人员责令改正后逾期改正"


def test_undecodable_csv_is_refused_in_chinese_and_nothing_is_imported(world):
    with pytest.raises(UndecodableCSV, match="UTF-8或GB18030"):
        decode_csv(UNDECODABLE)
    with pytest.raises(ImportRejected) as caught:
        import_matters(UNDECODABLE, "事项.csv")
    assert caught.value.errors == [str(UndecodableCSV())]
    with pytest.raises(ImportRefused) as refused:
        benchmarks_import(data=UNDECODABLE, filename="基准.csv")
    assert refused.value.errors == [str(UndecodableCSV())]
    assert not Matter.objects.exists() and not Benchmark.objects.exists()


def test_holiday_schedule_upload_reads_gb18030_and_refuses_undecodable():
    text = "日期,类型,名称\n2027-02-05..2027-02-11,休,春节\n2027-02-20,班,春节\n"
    form = LoadScheduleForm(data={}, files={"file": SimpleUploadedFile("安排.csv", text.encode("gb18030"))})
    form.is_valid()
    assert form.cleaned_data["holidays"][0][1] == "春节"
    assert len(form.cleaned_data["holidays"]) == 7 and len(form.cleaned_data["workdays"]) == 1
    bad = LoadScheduleForm(data={}, files={"file": SimpleUploadedFile("安排.csv", UNDECODABLE)})
    assert not bad.is_valid()
    assert str(UndecodableCSV()) in bad.non_field_errors()
