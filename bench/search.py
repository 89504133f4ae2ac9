"""Search benchmark (issue 5). Run: ``.venv/bin/python bench/search.py [--cases 100000] [--docs 10] [--runs 20]``.

Generates a corpus of archived cases with Chinese enforcement text directly into the search tables (bulk inserts,
not through the services: one ``SearchDoc`` row per case, its facet tags, ``--docs`` text parts per case), builds
the vendor's full-text index, then measures p50/p95 of a fixed query mix through the embedded backend (hits,
total and all 14 facets, as the search page needs them) next to a plain ``icontains`` scan of the same text with
the same filters, facets and page, in the same run. The recall check compares, for queries with known answers,
the index's complete result set with the scan's (the scan is substring truth): every case the scan finds must be
found (misses), and extra cases are listed too. Uses its own database: ``var/bench-search.sqlite3`` unless
``DATABASE_URL`` is set (then that database, which should be empty and is filled from scratch).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕建国志文斌辉鹏宇浩然子涵欣怡梓轩雨泽"
ROADS = [
    "人民路",
    "解放路",
    "建设路",
    "中山路",
    "新华街",
    "和平路",
    "文化路",
    "胜利街",
    "青年路",
    "滨河路",
    "府前街",
    "东风路",
]
TOWNSHIPS = ["城关镇", "河西镇", "东坝镇", "青山乡", "南湖镇"]
COMPANY = ["商贸有限公司", "建筑工程有限公司", "餐饮管理有限公司", "广告传媒有限公司", "物流有限公司", "农业开发合作社"]
MATTERS = [
    ("占道经营", "擅自占用城市道路摆摊经营", "《城市道路管理条例》第二十七条", "城市管理"),
    ("违法建设", "未经批准擅自搭建建筑物", "《中华人民共和国城乡规划法》第六十五条", "自然资源"),
    ("乱倒建筑垃圾", "随意倾倒建筑垃圾", "《城市建筑垃圾管理规定》第二十六条", "城市管理"),
    ("无照经营", "未依法取得营业执照从事经营活动", "《无证无照经营查处办法》第十三条", "市场监管"),
    ("违规户外广告", "擅自设置大型户外广告", "《城市市容和环境卫生管理条例》第十一条", "城市管理"),
    ("焚烧秸秆", "在禁烧区内露天焚烧秸秆", "《中华人民共和国大气污染防治法》第一百一十九条", "生态环境"),
    ("餐饮油烟", "未安装油烟净化设施排放油烟", "《中华人民共和国大气污染防治法》第一百一十八条", "生态环境"),
]
FILLER = [
    "执法人员出示执法证件，表明身份，告知当事人依法享有陈述、申辩和申请回避的权利。",
    "经现场检查，执法人员制作了现场检查笔录，并进行了拍照取证。",
    "当事人对上述事实无异议，在笔录上逐页签名确认。",
    "经责令限期改正，当事人逾期仍未改正。",
    "本机关依据行政处罚裁量基准，综合考虑违法情节和危害后果，决定从轻处罚。",
    "当事人应当自收到本决定书之日起十五日内到指定银行缴纳罚款。",
    "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。",
    "逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。",
]
PART_KINDS = [
    ("facts", "违法事实"),
    ("report", "调查终结报告"),
    ("record", "询问笔录"),
    ("notice", "行政处罚事先告知书"),
    ("decision", "行政处罚决定书"),
    ("review", "法制审核意见"),
    ("document", "送达回证"),
    ("evidence", "现场照片说明"),
    ("closing", "结案审批表"),
]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-search.sqlite3'}")
    import django

    django.setup()


def id_number(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
    return f"{rng.choice(['110101', '330102', '320503', '510104'])}{born:%Y%m%d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}"


def credit_code(rng: random.Random) -> str:
    return "9133" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(14))


def generate(n_cases: int, n_docs: int, seed: int):
    """Yield (doc columns, tags, parts) per case; deterministic for a seed."""
    for case_id in range(1, n_cases + 1):
        # One generator per case: a case's data does not depend on how many texts the others have.
        rng = random.Random(f"{seed}:{case_id}")
        t = (case_id - 1) % len(TOWNSHIPS)
        township = TOWNSHIPS[t]
        unit = 1000 + t
        serial = (case_id - 1) // len(TOWNSHIPS) + 1
        year = 2024 + (serial % 3)
        number = f"{township}立〔{year}〕{serial}号"
        decision_no = f"{township[:2]}综执罚决〔{year}〕{serial}号"
        matter, cause, basis, field = MATTERS[rng.randrange(len(MATTERS))]
        company = rng.random() < 0.3
        if company:
            party = f"示范县{rng.choice(ROADS)[:2]}{''.join(rng.choice(GIVEN) for _ in range(2))}{rng.choice(COMPANY)}"
            pid = credit_code(rng)
        else:
            party = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            pid = id_number(rng)
        road = rng.choice(ROADS)
        place = f"{township}{road}{rng.randrange(1, 300)}号"
        procedure = "summary" if rng.random() < 0.15 else "ordinary"
        outcome = rng.choices(["penalty", "no_penalty", "transfer"], weights=[85, 12, 3])[0]
        fine = (
            Decimal(rng.choice([50, 200, 500, 1000, 2000, 5000, 20000, 50000, 120000]))
            if outcome == "penalty"
            else Decimal(0)
        )
        filed = dt.date(year, 1, 2) + dt.timedelta(days=rng.randrange(300))
        decided = filed + dt.timedelta(days=rng.randrange(5, 80))
        closed = decided + dt.timedelta(days=rng.randrange(5, 60))
        from casemgmt.archive.entries import fine_band

        columns = dict(
            case_id=case_id,
            number=number,
            cause=cause,
            party_names=party,
            identifiers=f"{number} {decision_no} {pid}",
            status="archived",
            archived=True,
            procedure=procedure,
            subject_id=unit,
            handling_unit_id=unit,
            matter_code=f"M{MATTERS.index((matter, cause, basis, field)):03d}",
            field=field,
            filed_on=filed,
            decided_on=decided,
            closed_on=closed,
            archived_on=closed + dt.timedelta(days=10),
            outcome=outcome,
            fine_amount=fine,
            fine_band=fine_band(fine),
            hearing_held=fine >= 5000 and rng.random() < 0.3,
            legal_review=fine >= 10000 or rng.random() < 0.1,
            discretion_tier=rng.choice(["从轻", "一般", "从重", ""]),
            transition=rng.random() < 0.05,
            case_file_url="",
        )
        officers = rng.sample(range(1, 60), 2)
        tags = [("unit", str(unit)), *(("officer", str(o)) for o in officers)]
        if outcome == "penalty":
            tags.append(("penalty", "fine"))
            if rng.random() < 0.2:
                tags.append(("penalty", "warning"))
        facts = f"当事人{party}于{filed:%Y年%m月%d日}在{place}{cause}，{matter}，其行为违反了{basis}的规定。"
        parts = [
            ("case", "案件", f"{number}\n{cause}\n{place}", number, True),
            ("party", "当事人", f"{party} {pid} {place}", "", True),
        ]
        for i in range(max(0, n_docs - 2)):
            kind, title = PART_KINDS[i % len(PART_KINDS)]
            body = facts if i == 0 else f"{facts}{rng.choice(FILLER)}{rng.choice(FILLER)}"
            if kind == "decision":
                body = f"{decision_no}\n{body}决定对当事人罚款{fine}元。"
            parts.append((kind, title, body, decision_no if kind == "decision" else "", False))
        yield columns, tags, parts


def load(n_cases: int, n_docs: int, seed: int, batch: int = 2000) -> dict:
    """Bulk-load the corpus; returns timings and counts. Tables first, the full-text index timed apart."""
    from django.db import connection, transaction

    from casemgmt.archive.entries import IndexEntry
    from casemgmt.archive.models import SearchDoc, SearchTag
    from casemgmt.archive.store import (
        assign_combos,
        case_token_texts,
        create_fulltext_indexes,
        drop_fulltext_indexes,
        pg_copy_fulltext,
    )
    from casemgmt.cases.hooks import TextPart

    pg = connection.vendor == "postgresql"
    started = time.perf_counter()
    text_id = 0
    rows = 0
    fulltext_s = 0.0
    if pg:
        with connection.cursor() as cur:
            drop_fulltext_indexes(cur)
            cur.execute("DROP INDEX IF EXISTS archive_searchdoc_ident_trgm")
    buf: list = []

    def flush():
        nonlocal fulltext_s, text_id
        texts = []
        for entry in buf:
            for p in entry.parts:
                text_id += 1
                texts.append((text_id, entry.case_id, p.kind, p.title, p.number, p.kind in ("case", "party"), p.text))
        with transaction.atomic(), connection.cursor() as cur:
            combos = assign_combos(buf)
            SearchDoc.objects.bulk_create(
                [
                    SearchDoc(**e.columns, facet_combo_id=fc, tag_combo_id=tc)
                    for e, (fc, tc) in zip(buf, combos, strict=True)
                ]
            )
            SearchTag.objects.bulk_create(
                [SearchTag(doc_id=e.case_id, facet=f, value=v) for e in buf for f, v in e.tags]
            )
            if pg:
                with cur.cursor.copy(
                    "COPY archive_searchtext (id, doc_id, kind, title, number, key, text) FROM STDIN"
                ) as copy:
                    for r in texts:
                        copy.write_row(r)
                t0 = time.perf_counter()
                pg_copy_fulltext(cur, buf)
                fulltext_s += time.perf_counter() - t0
            else:
                cur.executemany(
                    "INSERT INTO archive_searchtext (id, doc_id, kind, title, number, key, text) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    texts,
                )
                t0 = time.perf_counter()
                fts = []
                for e in buf:
                    key, body = case_token_texts(e)
                    fts.append((e.case_id, " ".join(" ".join(t) for t in key), " ".join(" ".join(t) for t in body)))
                cur.executemany("INSERT INTO archive_fts(rowid, key, body) VALUES (%s, %s, %s)", fts)
                cur.executemany(
                    "INSERT INTO archive_ident(rowid, identifiers) VALUES (%s, %s)",
                    [(e.case_id, e.columns["identifiers"].lower()) for e in buf],
                )
                fulltext_s += time.perf_counter() - t0
        buf.clear()

    for columns, tags, parts in generate(n_cases, n_docs, seed):
        entry = IndexEntry(
            case_id=columns["case_id"],
            columns=columns,
            tags=tags,
            parts=[TextPart(kind, title, text, number=number) for kind, title, text, number, _key in parts],
        )
        buf.append(entry)
        rows += len(parts)
        if len(buf) >= batch:
            flush()
            print(f"\r  {columns['case_id']}/{n_cases} cases", end="", flush=True)
    if buf:
        flush()
    print()
    load_s = time.perf_counter() - started - fulltext_s
    index_s = 0.0
    rum = False
    with connection.cursor() as cur:
        if pg:
            t0 = time.perf_counter()
            cur.execute("SET maintenance_work_mem = '256MB'")
            rum = create_fulltext_indexes(cur)
            cur.execute(
                "CREATE INDEX archive_searchdoc_ident_trgm ON archive_searchdoc USING gin (identifiers gin_trgm_ops)"
            )
            index_s = time.perf_counter() - t0
            cur.execute("SELECT setval(pg_get_serial_sequence('archive_searchtext', 'id'), %s)", [text_id])
            cur.execute("ANALYZE")
        else:
            t0 = time.perf_counter()
            cur.execute("INSERT INTO archive_fts(archive_fts) VALUES ('optimize')")
            index_s = time.perf_counter() - t0
            cur.execute("ANALYZE")
    return {
        "cases": n_cases,
        "text_rows": rows,
        "load_tables_s": round(load_s, 1),
        "fulltext_index_s": round(fulltext_s + index_s, 1),
        "pg_rum_index": rum if pg else None,
        "sizes_mb": sizes(),
    }


def sizes() -> dict:
    from django.db import connection

    from casemgmt.archive import store

    mb = 1024 * 1024
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            out = {}
            for name in ("archive_searchdoc", "archive_searchtag", "archive_searchtext"):
                cur.execute("SELECT pg_table_size(%s)", [name])
                out[f"{name} (table)"] = round(cur.fetchone()[0] / mb, 1)
            cur.execute("SELECT pg_table_size('archive_searchsegment')")
            out["archive_searchsegment (table, key + overflow tsvectors)"] = round(cur.fetchone()[0] / mb, 1)
            for name in (*store.INDEXES, "archive_searchdoc_ident_trgm"):
                cur.execute("SELECT to_regclass(%s)", [name])
                if cur.fetchone()[0] is None:
                    continue
                cur.execute("SELECT pg_relation_size(%s)", [name])
                out[f"{name} (index)"] = round(cur.fetchone()[0] / mb, 1)
            return out
        try:
            cur.execute(
                "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'archive_fts%' OR name LIKE 'archive_ident%' "
                "OR name LIKE 'archive_search%' GROUP BY name"
            )
            rows = cur.fetchall()
            out = {}
            for name, size in rows:
                group = (
                    "archive_fts (FTS5)"
                    if name.startswith("archive_fts")
                    else ("archive_ident (FTS5 trigram)" if name.startswith("archive_ident") else name)
                )
                out[group] = round(out.get(group, 0) + size / mb, 1)
            return out
        except Exception:  # noqa: BLE001 - dbstat is an optional SQLite module
            return {"database file": round(Path(connection.settings_dict["NAME"]).stat().st_size / mb, 1)}


def scan_search(request, scope):
    """The baseline: the same pipeline with each term matched by ``icontains`` over the text rows."""
    from casemgmt.archive.backends.db import apply_filters, run_search, scoped
    from casemgmt.archive.models import SearchText

    docs = apply_filters(scoped(scope), request)
    for term in request.terms:
        docs = docs.filter(pk__in=SearchText.objects.filter(text__icontains=term.raw).values("doc_id"))
    scan_request = type(request)(**{**request.__dict__, "terms": []})  # relevance has no scan equivalent
    return run_search(docs, scan_request)


def query_mix(n_cases: int, seed: int):
    """(label, kind, q, filters) — fixed for a corpus size and seed; names and numbers come from the corpus."""
    known = list(generate(min(n_cases, 50), 3, seed))
    township_scope = frozenset({1000})
    mix = [
        ("2字词 占道", "word", "占道", {}),
        ("2字词 罚款", "word", "罚款", {}),
        ("2字词 油烟", "word", "油烟", {}),
        ("2字词 秸秆", "word", "秸秆", {}),
        ("短语 擅自搭建建筑物", "phrase", '"擅自搭建建筑物"', {}),
        ("短语 责令限期改正", "phrase", '"责令限期改正"', {}),
        ("案件编号", "number", known[7][0]["number"], {}),
        ("文书文号", "number", known[12][0]["identifiers"].split()[1], {}),
        ("当事人姓名", "party", known[3][0]["party_names"], {}),
        ("当事人名称", "party", next(c["party_names"] for c, _t, _p in known if "公司" in c["party_names"]), {}),
        (
            "身份证号片段",
            "party",
            next(c["identifiers"].split()[2][6:14] for c, _t, _p in known if "公司" not in c["party_names"]),
            {},
        ),
        ("仅筛选 程序+罚款档", "filters", "", {"procedure": ["ordinary"], "fine_band": ["1k-10k"]}),
        ("仅筛选 听证+日期", "filters", "", {"hearing": [True], "decided_from": dt.date(2025, 3, 1)}),
        ("文本+筛选 占道+单位+日期", "text+filters", "占道", {"unit": [1000], "decided_from": dt.date(2025, 1, 1)}),
        ("文本+筛选 罚款+法制审核", "text+filters", "罚款", {"review": [True]}),
        ("乡镇用户 占道", "scoped", "占道", {"scope": township_scope}),
    ]
    return mix


def make_request(q: str, filters: dict):
    from casemgmt.archive.backends import Scope, SearchRequest
    from casemgmt.archive.query import parse_query

    filters = dict(filters)
    scope = Scope(unit_ids=filters.pop("scope")) if "scope" in filters else Scope(everything=True)
    decided_from = filters.pop("decided_from", None)
    request = SearchRequest(terms=parse_query(q), filters=filters, page_size=20)
    if decided_from:
        request.dates["decided_on"] = (decided_from, None)
    return request, scope


def timed(fn, runs: int) -> dict:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1)}


def measure(n_cases: int, seed: int, runs: int, scan_runs: int) -> list[dict]:
    from casemgmt.archive.backends.db import EmbeddedBackend

    backend = EmbeddedBackend()
    out = []
    for label, kind, q, filters in query_mix(n_cases, seed):
        request, scope = make_request(q, filters)
        index = timed(lambda r=request, s=scope: backend.search(r, scope=s), runs)
        scan = timed(lambda r=request, s=scope: scan_search(r, s), scan_runs)
        total = backend.search(request, scope=scope).total
        out.append(
            {
                "query": label,
                "kind": kind,
                "q": q,
                "hits": total,
                "index": index,
                "scan": scan,
                "ratio_p50": round(scan["p50_ms"] / max(index["p50_ms"], 0.01), 1),
            }
        )
        print(
            f"  {label:<28} hits={total:<7} index p50={index['p50_ms']}ms p95={index['p95_ms']}ms  scan p50={scan['p50_ms']}ms"
        )
    return out


def recall(n_cases: int, seed: int, sample: int = 40) -> dict:
    """Known-answer queries: numbers, 文号, names, ID fragments and words of sampled cases; index ⊇ scan."""
    from casemgmt.archive.backends import Scope, SearchRequest
    from casemgmt.archive.backends.db import EmbeddedBackend, scoped, text_filter
    from casemgmt.archive.models import SearchText
    from casemgmt.archive.query import parse_query

    backend = EmbeddedBackend()
    rng = random.Random(seed + 1)
    corpus = list(generate(min(n_cases, 2000), 3, seed))
    queries = []
    for columns, _tags, _parts in rng.sample(corpus, min(sample, len(corpus))):
        ids = columns["identifiers"].split()
        queries += [
            columns["number"],
            ids[1],
            columns["party_names"],
            ids[2][-8:],
            f"{columns['party_names']} {columns['cause'][-4:]}",
        ]
    queries += ["占道", "秸秆", "油烟", "罚", "擅自搭建", "责令限期改正", "人民路 占道"]
    misses, extras = [], []
    everything = Scope(everything=True)
    for q in queries:
        terms = parse_query(q)
        found = set(text_filter(scoped(everything), terms).values_list("pk", flat=True))
        truth_qs = scoped(everything)
        for term in terms:
            truth_qs = truth_qs.filter(pk__in=SearchText.objects.filter(text__icontains=term.raw).values("doc_id"))
        truth = set(truth_qs.values_list("pk", flat=True))
        if truth - found:
            misses.append({"q": q, "missing": sorted(truth - found)[:10], "count": len(truth - found)})
        if found - truth:
            extras.append({"q": q, "extra": len(found - truth)})
        if not truth:
            misses.append({"q": q, "missing": [], "count": 0, "note": "known answer not in the scan"})
    assert backend
    return {"queries": len(queries), "misses": misses, "extras": extras, "request": SearchRequest.__name__}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=10, help="text parts per case")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scan-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", default="")
    parser.add_argument("--skip-load", action="store_true", help="measure an already loaded corpus")
    parser.add_argument("--skip-recall", action="store_true", help="latency only (the recall step scans a lot)")
    args = parser.parse_args()
    _setup()
    from django.core.management import call_command
    from django.db import connection

    if not args.skip_load:
        call_command("migrate", verbosity=0)
        from casemgmt.archive import store

        store.clear_all()
        print(f"loading {args.cases} cases × {args.docs} texts into {connection.vendor} …")
        built = load(args.cases, args.docs, args.seed)
    else:
        built = {"cases": args.cases, "sizes_mb": sizes()}
    print(json.dumps(built, ensure_ascii=False))
    results = measure(args.cases, args.seed, args.runs, args.scan_runs)
    checked = (
        {"queries": 0, "misses": [], "extras": [], "skipped": True}
        if args.skip_recall
        else recall(args.cases, args.seed)
    )
    print(
        f"recall: {checked['queries']} queries, {len(checked['misses'])} misses, {len(checked['extras'])} with extras"
    )
    report = {
        "vendor": connection.vendor,
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "build": built,
        "queries": results,
        "recall": checked,
    }
    if args.out:
        Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
