"""Calculator page and API, the rationale through the API and the decision action, the case page block, and
access: outsiders get 404 for another unit's case; the distribution is aggregate and visible to any unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casemgmt.cases import models as m
from casemgmt.discretion.models import Benchmark, DiscretionRationale
from tests import builders as b
from tests.openapi import DocumentedAPIClient

from .support import grant, road_benchmark, road_matter


@pytest.fixture
def matter(world):
    matter = road_matter()
    road_benchmark(matter)
    grant(world, matter)
    return matter


def api(persona) -> DocumentedAPIClient:
    client = DocumentedAPIClient()
    client.force_login(persona.user)
    return client


def test_calculator_api_returns_tier_band_and_distribution(world, matter):
    body = {"matter": "T-CG-001", "violation_on": "2026-03-01", "party_kind": "citizen", "circumstances": ["refused"]}
    answer = api(world.outsider).post("/api/discretion/calculate/", body, format="json")
    assert answer.status_code == 200, answer.json()
    data = answer.json()
    assert (data["tier"], data["band_low"], data["band_high"], data["suggested"]) == (
        "heavier",
        "10000.00",
        "20000.00",
        "15000",
    )
    assert data["distribution"]["count"] == 0 and data["distribution"]["outlier"] is False


def test_calculator_api_refuses_bad_input_with_a_message(world, matter):
    client = api(world.officer)
    late = {"matter": "T-CG-001", "violation_on": "2024-03-01", "party_kind": "citizen"}
    answer = client.post("/api/discretion/calculate/", late, format="json")
    assert answer.status_code == 400
    assert "没有施行中的" in answer.json()["errors"][0]["message"]
    unknown = {**late, "violation_on": "2026-03-01", "circumstances": ["nope"]}
    assert (
        "不属于该裁量基准"
        in client.post("/api/discretion/calculate/", unknown, format="json").json()["errors"][0]["message"]
    )


def test_calculator_page(world, matter, client):
    client.force_login(world.officer.user)
    page = client.get(
        "/discretion/calculator/",
        {"matter": matter.pk, "violation_on": "2026-03-01", "party_kind": "citizen", "circumstances": "corrected"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="calculation"' in html and "从轻" in html
    assert "1100.00元" in html  # middle of the 200–2000 band


def test_rationale_api_and_decision_api_carry_the_rationale(world, matter):
    case = b.noticed(world, fine=D("5000"), matter=matter)
    outsider = api(world.outsider).post(
        f"/api/discretion/cases/{case.pk}/rationale/",
        {"on": "2026-03-13", "chosen_amount": "5000", "reasons": "一般情节"},
        format="json",
    )
    assert outsider.status_code == 404
    answer = api(world.officer).post(
        f"/api/discretion/cases/{case.pk}/rationale/",
        {"on": "2026-03-13", "chosen_amount": "5000", "reasons": "一般情节"},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["tier"] == "ordinary" and answer.json()["band"] == ["2000.00", "10000.00"]
    decided = api(world.mayor).post(
        f"/api/cases/{case.pk}/actions/decide/",
        {
            "kind": "penalty",
            "on": "2026-03-20",
            "facts": "占道经营",
            "legal_basis": "《城市道路管理条例》第四十二条",
            "penalty_types": ["fine"],
            "fine_amount": "5000",
            "correction_order": "责令当事人立即停止占道经营",
            "discretion": {"circumstances": [], "chosen_amount": "5000", "reasons": "经责令后逾期改正，一般情节"},
        },
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    decision = m.Decision.objects.get(case=case)
    # The rationale given with the decision replaced the one recorded before it (history keeps that one).
    rationale = DiscretionRationale.objects.get(case=case)
    assert rationale.decision == decision and rationale.reasons.startswith("经责令后逾期改正")
    assert (decision.discretion_tier, rationale.decided_amount) == ("一般", D("5000"))


def test_case_page_shows_rationale_distribution_and_outlier(world, matter, client):
    case = b.noticed(world, fine=D("1500"), matter=matter)
    from .support import record_rationale

    record_rationale(world, case, chosen="1500")
    others = b.filed(world, matter=matter)
    DiscretionRationale.objects.bulk_create(
        [
            DiscretionRationale(
                case=others,
                matter=matter,
                party_kind="citizen",
                tier="lenient",
                chosen_amount=D(a),
                decided_amount=D(a),
                reasons="x",
                recorded_by=world.officer.user,
                recorded_on=dt.date(2026, 3, 1),
            )  # fmt: skip
            for a in ("300", "300", "350", "400", "400", "300")
        ]
    )
    client.force_login(world.officer.user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="discretion"' in page and 'data-testid="distribution"' in page
    assert 'data-testid="outlier"' in page  # 1500 against fines of 300–400
    client.force_login(world.outsider.user)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/discretion/cases/{case.pk}/rationale/").status_code == 404


def test_benchmark_screens_and_import_is_for_administrators(world, matter, client):
    client.force_login(world.outsider.user)
    detail = client.get(f"/discretion/benchmarks/{Benchmark.objects.get().pk}/")
    assert detail.status_code == 200 and 'data-testid="benchmark-distribution"' in detail.content.decode()
    upload = SimpleUploadedFile("b.csv", b"x")
    assert client.post("/discretion/benchmarks/import/", {"file": upload}).status_code == 403
    assert api(world.outsider).post("/api/discretion/benchmarks/import/", {"file": upload}).status_code == 403
    export = client.get("/discretion/benchmarks/export/?type=csv")
    assert export.status_code == 200 and "T-CG-001" in export.content.decode("utf-8-sig")


def test_decision_form_saves_the_rationale_with_the_decision(world, matter, client):
    case = b.noticed(world, fine=D("1500"), matter=matter)
    client.force_login(world.mayor.user)
    url = f"/cases/{case.pk}/actions/decide/"
    form = client.get(url).content.decode()
    assert "经责令后及时改正" in form  # the circumstances of the benchmark in force
    answer = client.post(
        url,
        {
            "expected_version": case.version,
            "kind": "penalty",
            "on": "2026-03-20",
            "facts": "占道经营",
            "legal_basis": "《城市道路管理条例》第四十二条",
            "penalty_types": ["fine"],
            "fine_amount": "1500",
            "confiscation_amount": "0",
            "discretion.circumstances": ["corrected"],
            "discretion.reasons": "经责令后及时改正",
            "correction_exemption": "corrected",
            "correction_exemption_reason": "当事人经责令后已及时撤除摊位",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    decision = m.Decision.objects.get(case=case)
    assert decision.discretion_tier == "从轻" and decision.discretion_rationale.chosen_amount == D("1500")


def test_admin_refuses_overlapping_tiers_and_saves_nothing(world, matter, client):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("disc_admin", password="x")
    client.force_login(admin_user)
    benchmark = Benchmark.objects.get()
    assert client.get(f"/admin/discretion/benchmark/{benchmark.pk}/change/").status_code == 200
    assert client.get("/admin/discretion/benchmark/add/").status_code == 200
    data = {
        "matter": matter.pk,
        "version": "2026版",
        "mode": "bands",
        "effective_from": "2026-01-01",
        "tiers-TOTAL_FORMS": "2",
        "tiers-INITIAL_FORMS": "0",
        "tiers-0-level": "lenient",
        "tiers-0-conditions": "轻",
        "tiers-0-low": "200",
        "tiers-0-high": "12000",
        "tiers-1-level": "ordinary",
        "tiers-1-conditions": "一般",
        "tiers-1-low": "10000",
        "tiers-1-high": "20000",
        "circumstances-TOTAL_FORMS": "0",
        "circumstances-INITIAL_FORMS": "0",
    }
    page = client.post("/admin/discretion/benchmark/add/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "从轻阶次（200元至12000元）与一般阶次（10000元至20000元）重叠" in html
    assert "与已有版本“2025版”" in html  # the 2025 version has no end date
    assert Benchmark.objects.count() == 1


def test_per_unit_fine_shows_its_formula_in_the_calculator_page_and_api(world, client):
    from casemgmt.discretion import calc
    from casemgmt.discretion.services import benchmark_create

    matter = road_matter(code="T-GG-002", name="擅自设置户外广告", range_kind="max_only", min_amount=None)
    benchmark_create(
        matter=matter,
        version="2025版",
        mode=calc.Mode.BANDS,
        effective_from=dt.date(2025, 1, 1),
        tiers=[calc.TierSpec(calc.Level.ORDINARY, "逾期拆除", D("100"), D("200"), unit=calc.Unit.SQUARE_METRE)],
    )
    body = {"matter": "T-GG-002", "violation_on": "2026-03-01", "party_kind": "organisation", "quantity": "6"}
    data = api(world.officer).post("/api/discretion/calculate/", body, format="json").json()
    assert (data["band_low"], data["band_high"], data["quantity"], data["unit"]) == ("600.00", "1200.00", "6.00", "sqm")
    assert data["formula"] == "每平方米100元至200元 × 6平方米 = 600元至1200元"
    missing = api(world.officer).post("/api/discretion/calculate/", {**body, "quantity": None}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "quantity"
    client.force_login(world.officer.user)
    page = client.get("/discretion/calculator/", {**body, "matter": matter.pk}).content.decode()
    assert 'data-testid="formula"' in page and "× 6平方米" in page


def test_import_api_returns_the_gap_warnings(world):
    from django.contrib.auth import get_user_model

    road_matter()
    admin_user = get_user_model().objects.create_superuser("gap_admin", password="x")
    client = DocumentedAPIClient()
    client.force_login(admin_user)
    text = (
        "事项编码,版本,施行日期,计算方式,裁量阶次,固定金额\n"
        "T-CG-001,2025版,2025-01-01,分档幅度,一般,500\n"  # fixed 500 on a 200–20,000 clause: gaps both sides
    )
    upload = SimpleUploadedFile("gaps.csv", text.encode("utf-8"))
    answer = client.post("/api/discretion/benchmarks/import/", {"file": upload})
    assert answer.status_code == 200, answer.json()
    assert answer.json() == {
        "imported": 1,
        "warnings": [
            "第2行（T-CG-001 2025版）：一般阶次（罚款500元）与法定最低200元之间留有空档",
            "第2行（T-CG-001 2025版）：一般阶次（罚款500元）与法定最高20000元之间留有空档",
        ],
    }
