"""Benchmarks of the documents issue. Run: ``.venv/bin/python bench/documents.py [--json out.json]``.

Measures, in one run:
- one 2-page 行政处罚决定书 rendered to PDF with reportlab (template → blocks → PDF with the embedded CJK
  subset), target ≤ 300 ms, next to converting the same content from a .docx with LibreOffice headless
  (``libreoffice --headless --convert-to pdf``; the .docx is minimal OOXML written with zipfile), ratio reported;
- assembling a 60-page case file with pypdf (cover, 目录, numbered content pages, bookmarks, 备考表), target
  ≤ 2 s, and the peak Python memory (tracemalloc) for 60 and 600 pages.

No database is needed: the decision is rendered from the catalogue's template and sample values, and the case
file is assembled from in-memory parts with the same function the case-file builder uses.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = {
    "party_name": "示范县某商贸有限公司",
    "party_id_number": "91110000MA01ABCD1M",
    "party_address": "示范县城关镇人民路2号",
    "party_legal_rep": "王某某",
    "cause": "擅自占用城市道路经营",
    "filed_on": "2026年3月3日",
    "decision_facts": (
        "2026年3月2日，本机关执法人员在日常巡查中发现，当事人在城关镇人民路东段人行道上擅自摆放货架、堆放商品进行经营，"
        "占用人行道面积约二十平方米，影响行人通行。执法人员当场制作了现场检查笔录，拍摄了现场照片，并于次日对当事人的"
        "法定代表人进行了询问。当事人对上述事实予以认可。上述事实有现场检查笔录、询问笔录、现场照片、营业执照复印件、"
        "法定代表人身份证明等证据为证，足以认定。"
    ),
    "statement_handling": "当事人在法定期限内提出陈述申辩意见，称其系初次违法且已主动改正。经复核，当事人已于2026年3月5日清除占道物品，"
    "本机关予以部分采纳，在裁量基准规定的一般情节幅度内从轻确定罚款数额。",
    "legal_basis": "《城市道路管理条例》第二十七条第（五）项、第四十二条第（三）项",
    "benchmark_ref": "《示范县城市管理行政处罚裁量基准（2025年版）》第3项",
    "discretion_tier": "一般（从轻）",
    "penalty": "罚款人民币伍仟元整（5000元）",
    "performance": "请当事人自收到本决定书之日起十五日内，持本决定书到示范县农村商业银行各营业网点或者通过非税收入电子缴款系统缴纳罚款。",
    "remedy": "如不服本决定，可以在收到本决定书之日起六十日内向示范县人民政府申请行政复议，也可以在六个月内依法向示范县人民法院提起行政诉讼。"
    "行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外。",
    "decided_on": "2026年3月20日",
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def decision_blocks():
    from documents import layout
    from documents.catalogue import SPEC_BY_CODE

    spec = SPEC_BY_CODE["xzcf_jds"]
    hdr = {"subject_name": "城关镇人民政府", "seal_name": "城关镇人民政府"}
    values = {**SAMPLE, **hdr}
    text = layout.render_text(spec.body, values)
    fields = [f.as_dict() for f in spec.fields]
    blocks = layout.parse_blocks(text, fields, values)
    page = layout.Page(
        subject_name="城关镇人民政府",
        title="行政处罚决定书",
        number="城关镇综执罚决〔2026〕12号",
        seal_name="城关镇人民政府",
        date_text=SAMPLE["decided_on"],
        verify_url="http://127.0.0.1:8000/documents/verify/0123456789abcdef/",
        verify_code="0123456789abcdef",
    )
    return blocks, page


def timed(fn, runs: int, warmup: int = 1) -> dict:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(times[-1], 1), "runs": runs}


# --- .docx for the LibreOffice baseline ----------------------------------------------------------------------------


def minimal_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    """A minimal OOXML word document: (alignment, text) paragraphs in a CJK serif font, A4 with the same margins."""
    font = '<w:rFonts w:ascii="AR PL UMing CN" w:eastAsia="AR PL UMing CN" w:hAnsi="AR PL UMing CN"/>'
    body = []
    for align, text in paragraphs:
        size = 44 if align == "title" else 32
        jc = "center" if align in ("title", "center") else ("right" if align == "right" else "both")
        indent = '<w:ind w:firstLineChars="200"/>' if align == "para" else ""
        body.append(
            f'<w:p><w:pPr><w:jc w:val="{jc}"/>{indent}</w:pPr><w:r><w:rPr>{font}<w:sz w:val="{size}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" '
        'w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def docx_paragraphs(blocks, page) -> list[tuple[str, str]]:
    out = [("title", page.subject_name), ("title", page.title), ("center", page.number)]
    for b in blocks:
        if b.kind == "row":
            out.append(("flush", f"{b.label}：{b.text}"))
        elif b.kind == "seal":
            out += [("right", f"{page.seal_name}（印章）"), ("right", page.date_text)]
        elif b.kind == "right":
            out.append(("right", b.text))
        else:
            out.append(("para" if b.kind == "para" else "flush", b.text))
    return out


def libreoffice_convert(docx: bytes, workdir: Path) -> float:
    src = workdir / "decision.docx"
    src.write_bytes(docx)
    profile = workdir / "lo-profile"
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 — fixed argument list, no shell
        [
            shutil.which("libreoffice") or "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    elapsed = (time.perf_counter() - start) * 1000
    if not (workdir / "decision.pdf").exists():
        raise RuntimeError("LibreOffice produced no PDF")
    return elapsed


# --- case file ------------------------------------------------------------------------------------------------------


def case_file_parts(pages: int):
    """Parts totalling ``pages`` content pages: 2-page decisions and 5-page evidence PDFs (half the pages each)."""
    from documents import layout
    from documents.casefile import Part

    blocks, page = decision_blocks()
    decision_pdf, decision_pages = layout.render_pdf(blocks, page)
    evidence_blocks = layout.parse_blocks(
        "\n".join(f"证据材料第{i}段：营业执照、现场照片及说明。" * 3 for i in range(70)), [], {}
    )
    evidence_pdf, evidence_pages = layout.render_pdf(
        evidence_blocks, layout.Page("示范县某商贸有限公司", "证据材料", "", "", "")
    )
    data = {"decision": decision_pdf, "evidence": evidence_pdf}
    parts, total, i = [], 0, 0
    while total < pages:
        kind = "decision" if (i % 2 == 0) else "evidence"
        n = decision_pages if kind == "decision" else evidence_pages
        parts.append(
            Part(
                title=f"{'行政处罚决定书' if kind == 'decision' else '证据材料'}{i}",
                number=f"城关镇综执罚决〔2026〕{i + 1}号" if kind == "decision" else "",
                date="2026年3月20日",
                order=(0, i, i, 0, 0),
                kind=kind,
                ref=f"{kind}:{i}",
                pages=n,
            )
        )
        total += n
        i += 1
    return parts, data


def assemble_case_file(pages: int) -> dict:
    from documents.casefile import write_case_file

    parts, data = case_file_parts(pages)
    info = {
        "case_title": "示范县某商贸有限公司擅自占用城市道路经营案",
        "decision_number": "城关镇综执罚决〔2026〕12号",
        "subject": "城关镇人民政府",
        "units": "城关镇综合行政执法大队",
        "filed_on": "2026年3月3日",
        "closed_on": "2026年5月6日",
        "retention": "永久",
        "archive_number": "20260012",
        "compiler": "张执法",
        "date": "2026年5月6日",
    }
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        pdf, desc = write_case_file(parts, [], info, lambda p: data[p.kind])
        runs.append((time.perf_counter() - start) * 1000)
    # Peak memory in a separate run: tracemalloc slows the run down several times.
    tracemalloc.start()
    write_case_file(parts, [], info, lambda p: data[p.kind])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "content_pages": desc["content_pages"],
        "total_pages": desc["page_count"],
        "median_ms": round(statistics.median(runs), 1),
        "max_ms": round(max(runs), 1),
        "peak_python_mib": round(peak / 2**20, 1),
        "output_mib": round(len(pdf) / 2**20, 2),
    }


RECEIPT_SAMPLE = {
    "served_document": "行政处罚决定书城关镇综执罚决〔2026〕12号",
    "recipient": "王某某（示范县某商贸有限公司法定代表人）",
    "service_time": "2026年3月23日10时30分",
    "service_place": "示范县城关镇人民路2号",
    "service_method": "直接送达",
    "server": "张执法、李执法",
    "witness": "",
    "service_note": "",
}


def sample_pngs(out: Path) -> list[str]:
    """PNG renders (pdftoppm) of the decision, a 送达回证 and a case file's cover and 卷内目录."""
    from documents import layout
    from documents.casefile import write_case_file
    from documents.catalogue import SPEC_BY_CODE

    out.mkdir(parents=True, exist_ok=True)
    blocks, page = decision_blocks()
    decision_pdf, _ = layout.render_pdf(blocks, page)
    spec = SPEC_BY_CODE["sd_hz"]
    values = {**RECEIPT_SAMPLE, "subject_name": "城关镇人民政府", "seal_name": "城关镇人民政府"}
    receipt_blocks = layout.parse_blocks(
        layout.render_text(spec.body, values), [f.as_dict() for f in spec.fields], values
    )
    receipt_pdf, _ = layout.render_pdf(
        receipt_blocks,
        layout.Page(
            "城关镇人民政府",
            "送达回证",
            "",
            "城关镇人民政府",
            "2026年3月23日",
            "http://127.0.0.1:8000/documents/verify/89abcdef01234567/",
            "89abcdef01234567",
        ),
    )
    parts, data = case_file_parts(24)
    info = {
        "case_title": "示范县某商贸有限公司擅自占用城市道路经营案",
        "decision_number": "城关镇综执罚决〔2026〕12号",
        "subject": "城关镇人民政府",
        "units": "城关镇综合行政执法大队",
        "filed_on": "2026年3月3日",
        "closed_on": "2026年5月6日",
        "retention": "永久",
        "archive_number": "20260012",
        "compiler": "张执法",
        "date": "2026年5月6日",
    }
    case_file, _ = write_case_file(
        parts, ["证据“损坏的扫描件”PDF文件无法读取，未能转为页面；SHA-256：…"], info, lambda p: data[p.kind]
    )
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf, first, last in (
            ("decision", decision_pdf, 1, 2),
            ("receipt", receipt_pdf, 1, 1),
            ("casefile", case_file, 1, 3),
        ):
            src = Path(tmp) / f"{name}.pdf"
            src.write_bytes(pdf)
            subprocess.run(  # noqa: S603 — fixed argument list
                [
                    shutil.which("pdftoppm") or "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    str(first),
                    "-l",
                    str(last),
                    str(src),
                    str(out / name),
                ],
                check=True,
            )
    for old, new in (
        ("casefile-01", "casefile-cover"),
        ("casefile-02", "casefile-toc"),
        ("casefile-03", "casefile-page-1"),
    ):
        (out / f"{old}.png").replace(out / f"{new}.png")
    for png in sorted(out.glob("*.png")):
        written.append(str(png.relative_to(ROOT)))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--lo-runs", type=int, default=3)
    parser.add_argument("--png", help="also write PNG renders of sample documents to this folder (e.g. docs/documents)")
    args = parser.parse_args()
    _setup()
    from documents import layout

    result: dict = {
        "machine": f"{os.cpu_count()} cores, {platform.platform()}",
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
    }
    start = time.perf_counter()
    layout.register_font()
    result["font_load_ms"] = round((time.perf_counter() - start) * 1000, 1)
    blocks, page = decision_blocks()
    pdf, pages = layout.render_pdf(blocks, page)
    result["decision_pages"] = pages
    result["decision_pdf_kib"] = round(len(pdf) / 1024, 1)
    result["decision_reportlab"] = timed(lambda: layout.render_pdf(*decision_blocks()), runs=20)
    if shutil.which("libreoffice"):
        docx = minimal_docx(docx_paragraphs(blocks, page))
        with tempfile.TemporaryDirectory() as tmp:
            times = sorted(libreoffice_convert(docx, Path(tmp)) for _ in range(args.lo_runs))
        result["decision_libreoffice"] = {
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(times[-1], 1),
            "runs": args.lo_runs,
        }
        result["libreoffice_over_reportlab"] = round(
            result["decision_libreoffice"]["median_ms"] / result["decision_reportlab"]["median_ms"], 1
        )
    for n in (60, 600):
        result[f"case_file_{n}"] = assemble_case_file(n)
    if args.png:
        result["png"] = sample_pngs(Path(args.png).resolve())
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
