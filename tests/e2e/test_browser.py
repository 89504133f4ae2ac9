"""Real browser, end to end: personas walk one ordinary-procedure case from clue to closing and one summary
case through the web UI, in Debian's chromium driven by Playwright. Dates are in the past so every statutory
period has elapsed. Screenshots of a failing page are written to a temporary directory. No page may break the
Content-Security-Policy: every violation the browser reports fails the test."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from django.urls import reverse

from casemgmt.cases import models as m

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "pw-Secret-123"  # tests.factories.UserFactory
# Runs before every page's own scripts: a CSP violation event becomes a console message the walker collects
# (Chromium also logs "Refused to ... Content Security Policy" itself).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI}`);
});
"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        print(f"跳过：未找到 {CHROMIUM}（apt-get install -y chromium）")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    # Playwright's sync API runs an event loop; Django must not treat the test thread as async.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Walker:
    """One logged-in browser page per persona; screenshots every open page when a step fails."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.pages = {}
        self.shots = tempfile.mkdtemp(prefix="casemgmt-e2e-")
        self.failed = False
        self.csp_violations: list[str] = []

    def _watch_csp(self, message):
        if "Content Security Policy" in message.text or "CSP violation" in message.text:
            self.csp_violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def as_(self, username):
        if username not in self.pages:
            context = self.browser.new_context(base_url=self.base_url, locale="zh-CN")
            context.set_default_timeout(15000)
            context.add_init_script(REPORT_CSP_VIOLATIONS)
            page = context.new_page()
            page.on("console", self._watch_csp)
            page.goto("/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/")
            assert "我的待办" in page.content()
            self.pages[username] = page
        return self.pages[username]

    def screenshot_all(self, label):
        for username, page in self.pages.items():
            path = os.path.join(self.shots, f"{label}-{username}.png")
            page.screenshot(path=path, full_page=True)
        print(f"截图已保存：{self.shots}")


@pytest.fixture
def walker(browser, live_server, world):
    w = Walker(browser, live_server.url)
    yield w
    for page in w.pages.values():
        page.context.close()
    if not w.failed:
        shutil.rmtree(w.shots, ignore_errors=True)


def run(walker, label, steps):
    try:
        steps()
        assert not walker.csp_violations, "\n".join(walker.csp_violations)
    except Exception:
        walker.failed = True
        walker.screenshot_all(label)
        raise
    keep = os.environ.get("E2E_SCREENSHOTS")  # also keep the final pages of a passing run, for review
    if keep:
        os.makedirs(keep, exist_ok=True)
        for username, page in walker.pages.items():
            page.screenshot(path=os.path.join(keep, f"{label}-{username}.png"), full_page=True)


def open_action(page, case_url, code):
    page.goto(case_url)
    page.click(f'[data-action="{code}"]')
    page.wait_for_url(f"**/actions/{code}/")


def submit(page, case_url):
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    if page.url.rstrip("/").split("/")[-1] != case_url.rstrip("/").split("/")[-1]:
        errors = page.locator(".errorlist, .violations").all_inner_texts()
        raise AssertionError(f"表单未通过：{page.url} {errors}")


def check(page, field, label):
    page.locator(f"#field-{field}").get_by_label(label, exact=True).check()


def status_of(page) -> str:
    return page.get_by_test_id("case-status").inner_text()


def register_clue(page, *, procedure, cause, discovered_on):
    page.goto("/cases/new/")
    page.select_option("#id_procedure", procedure)
    page.select_option("#id_source", m.ClueSource.INSPECTION)
    page.fill("#id_discovered_on", discovered_on)
    page.fill("#id_cause", cause)
    page.fill("#id_summary", "巡查发现当事人占用人行道摆摊经营")
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/cases/*/")
    return page.url


def add_party(page, case_url):
    open_action(page, case_url, "add_party")
    page.select_option("#id_kind", m.PartyKind.CITIZEN)
    page.fill("#id_name", "陈某")
    page.fill("#id_id_number", "110101199003077571")
    page.fill("#id_address", "城关镇人民路1号")
    submit(page, case_url)


def test_ordinary_case_from_clue_to_closing_in_the_browser(walker):
    def steps():
        officer = walker.as_("zhang")
        case_url = register_clue(
            officer, procedure=m.ProcedureType.ORDINARY, cause="擅自占用城市道路经营", discovered_on="2026-03-02"
        )
        assert status_of(officer) == "线索核查"
        assert "巡查发现" in officer.get_by_test_id("timeline").inner_text()
        add_party(officer, case_url)
        assert "陈某" in officer.get_by_test_id("parties").inner_text()

        head = walker.as_("zhao")
        open_action(head, case_url, "file")
        check(head, "officers", "张执法")
        check(head, "officers", "李执法")
        head.select_option("#id_lead", label="张执法")
        head.select_option("#id_approved_by", label="钱镇长")
        head.fill("#id_on", "2026-03-03")
        head.fill("#id_violation_start", "2026-03-01")
        head.fill("#id_violation_end", "2026-03-02")
        head.fill("#id_violation_place", "人民路")
        submit(head, case_url)
        assert status_of(head) == "调查取证"

        open_action(officer, case_url, "add_record")
        officer.select_option("#id_kind", m.RecordKind.INSPECTION)
        officer.fill("#id_started_at", "2026-03-04T10:00")
        officer.fill("#id_ended_at", "2026-03-04T11:00")
        officer.fill("#id_place", "人民路")
        officer.fill("#id_content", "现场检查：当事人在人行道摆摊经营")
        check(officer, "signers", "张执法")
        check(officer, "signers", "李执法")
        officer.fill("#id_party_signed_pages", "1")
        officer.check("#id_rights_told")
        submit(officer, case_url)

        open_action(officer, case_url, "submit_report")
        officer.fill("#id_on", "2026-03-10")
        officer.fill("#id_facts", "当事人于2026年3月1日起在人民路占用人行道摆摊经营")
        officer.fill("#id_evidence_summary", "现场检查笔录、照片")
        officer.fill("#id_nature", "违反《城市道路管理条例》第二十七条")
        officer.fill("#id_legal_basis", "《城市道路管理条例》第四十二条")
        officer.fill("#id_discretion_reasons", "初次违法，一般情节")
        check(officer, "penalty_types", "罚款")
        officer.fill("#id_fine_amount", "500")
        submit(officer, case_url)
        assert status_of(officer) == "审核"

        reviewer = walker.as_("sun")
        assert "审核" in reviewer.content() and "擅自占用城市道路经营" in reviewer.content()
        reviewer.get_by_role("link", name="办理", exact=True).click()
        reviewer.wait_for_url("**/actions/review/")
        reviewer.select_option("#id_kind", m.ReviewKind.CASE)
        reviewer.select_option("#id_result", m.ReviewResult.APPROVE)
        reviewer.fill("#id_opinion", "事实清楚，证据确凿，程序合法")
        reviewer.fill("#id_on", "2026-03-11")
        submit(reviewer, case_url)

        open_action(officer, case_url, "issue_notice")
        officer.fill("#id_on", "2026-03-12")
        submit(officer, case_url)
        assert status_of(officer) == "事先告知"

        open_action(officer, case_url, "serve_notice")
        officer.select_option("#id_method", m.ServiceMethod.DIRECT)
        officer.fill("#id_delivered_on", "2026-03-12")
        submit(officer, case_url)

        # No statement: the period ends 2026-03-19. The township's head decides (APL Art. 57).
        mayor = walker.as_("qian")
        open_action(mayor, case_url, "decide")
        mayor.select_option("#id_kind", m.DecisionKind.PENALTY)
        mayor.fill("#id_on", "2026-03-20")
        mayor.fill("#id_correction_order", "责令当事人立即停止占道经营")
        submit(mayor, case_url)
        assert status_of(mayor) == "已决定"

        open_action(officer, case_url, "serve_decision")
        officer.select_option("#id_method", m.ServiceMethod.DIRECT)
        officer.fill("#id_delivered_on", "2026-03-23")
        submit(officer, case_url)
        assert status_of(officer) == "已送达"

        open_action(officer, case_url, "record_payment")
        officer.select_option("#id_kind", m.PaymentKind.FINE)
        officer.fill("#id_paid_on", "2026-03-30")
        submit(officer, case_url)

        open_action(officer, case_url, "publish")
        officer.fill("#id_on", "2026-03-24")
        submit(officer, case_url)

        open_action(head, case_url, "close")
        head.select_option("#id_ground", m.ClosingGround.EXECUTED)
        head.fill("#id_ground_on", "2026-03-30")
        head.fill("#id_on", "2026-04-01")
        submit(head, case_url)
        assert status_of(head) == "已结案"
        assert "结案审批表" in head.get_by_test_id("documents").inner_text()

        case = m.Case.objects.get(cause="擅自占用城市道路经营")
        assert case.status == m.CaseStatus.CLOSED
        assert case.process.status == "DONE"

    run(walker, "ordinary", steps)


def test_summary_case_decided_on_the_spot_and_closed_in_the_browser(walker):
    def steps():
        officer = walker.as_("zhang")
        case_url = register_clue(
            officer, procedure=m.ProcedureType.SUMMARY, cause="店外占道堆放杂物", discovered_on="2026-04-02"
        )
        add_party(officer, case_url)

        open_action(officer, case_url, "summary_decide")
        check(officer, "officers", "张执法")
        check(officer, "officers", "李执法")
        officer.fill("#id_on", "2026-04-02")
        officer.fill("#id_violation_start", "2026-04-02")
        officer.fill("#id_legal_basis", "《城市市容和环境卫生管理条例》第三十六条")
        check(officer, "penalty_types", "罚款")
        officer.fill("#id_fine_amount", "50")
        officer.check("#id_collected_on_spot")
        officer.select_option("#id_on_spot_ground", m.OnSpotGround.SMALL)
        officer.fill("#id_receipt_number", "NO.20260402001")
        submit(officer, case_url)
        assert status_of(officer) == "执行"

        open_action(officer, case_url, "publish")
        officer.fill("#id_on", "2026-04-03")
        submit(officer, case_url)

        head = walker.as_("zhao")
        open_action(head, case_url, "close")
        head.select_option("#id_ground", m.ClosingGround.EXECUTED)
        head.fill("#id_ground_on", "2026-04-02")
        head.fill("#id_on", "2026-04-03")
        submit(head, case_url)
        assert status_of(head) == "已结案"

    run(walker, "summary", steps)


def test_main_pages_pass_the_content_security_policy(walker, world):
    """The pages an officer and an evaluator use most, with real data, break no CSP directive: no inline script,
    style attribute or foreign source anywhere (the walker fails on any violation the browser reports)."""
    from casemgmt.jobs.models import Job
    from tests.evaluation.conftest import archived_round

    round_ = archived_round(world, title="2026年度案卷评查", seed="csp")
    case = round_.files.get().case
    sampled = round_.files.get(case=case)
    document = case.documents.exclude(pdf="").first() or case.documents.first()
    job = Job.objects.order_by("-pk").first()

    def steps():
        officer = walker.as_("zhang")
        for url in (
            reverse("web:case_list"),
            reverse("web:case_detail", args=[case.pk]),
            reverse("documents:case", args=[case.pk]),
            reverse("documents:detail", args=[document.pk]),
            reverse("archive:search") + "?q=" + case.cause[:4],
            reverse("archive:record", args=[case.pk]),
            reverse("dashboard:board"),
        ):
            response = officer.goto(url)
            assert response.status == 200, url
            officer.wait_for_load_state("networkidle")
        starter = walker.as_(job.started_by.username)  # the case-file job's progress page polls its status
        for url in (reverse("jobs:mine"), reverse("jobs:detail", args=[job.pk])):
            response = starter.goto(url)
            assert response.status == 200, url
            starter.wait_for_load_state("networkidle")
        evaluator = walker.as_("zheng")
        response = evaluator.goto(reverse("evaluation:file", args=[round_.pk, sampled.pk]))
        assert response.status == 200
        evaluator.wait_for_selector("#live-total")
        evaluator.wait_for_load_state("networkidle")

    run(walker, "csp", steps)
