"""The default rubric shipped as data (loaded by a data migration and ``manage.py sync_rubric``).

Modelled on the published 行政处罚案卷评查标准: a basic standard whose failure makes the file 不合格 with 0 points,
file form (立卷) 20 points and content 80 points (实体 40, 程序 40); deduct per item until its points are gone.
Objective items name the rulebook codes (docs/rules.md) whose findings fail them.
"""

NAME = "行政处罚案卷评查标准"

DEFAULT_RUBRIC = {
    "name": NAME,
    "grade_thresholds": [[90, "优秀"], [80, "良好"], [60, "合格"]],
    "failing_grade": "不合格",
    "note": "等次划分参照公开的案卷评查评分工具（≥90优秀、≥80良好、≥60合格），可由管理员调整。",
    "categories": [
        {"code": "F", "name": "立卷规范", "group": "filing", "points": 20},
        {"code": "S", "name": "实体内容", "group": "substance", "points": 40},
        {"code": "P", "name": "程序内容", "group": "procedure", "points": 40},
    ],
    "veto": [
        {
            "code": "V1",
            "title": "执法主体不合法或超越职权",
            "rules": ["APL-24-SUBJECT-HOLDS-MATTER", "APL-57-DECIDED-FOR-SUBJECT"],
        },
        {"code": "V2", "title": "执法人员不具备执法资格或少于两人", "rules": ["APL-42-TWO-CERTIFIED-OFFICERS"]},
        {"code": "V3", "title": "应当移送而未移送", "rules": ["LOCAL-TRANSFER-DEADLINE", "SAMR-14-NO-RETRANSFER"]},
        {"code": "V4", "title": "超过追责时效给予处罚", "rules": ["APL-36-LIMITATION"]},
        {"code": "V5", "title": "主要证据不足或违法事实不清", "rules": []},
        {"code": "V6", "title": "定性错误", "rules": []},
        {
            "code": "V7",
            "title": "适用法律错误或适用已废止的法律",
            # A 处罚依据 that is not the matter's provision is the wrong law applied.
            "rules": ["APL-37-LAW-IN-FORCE-AT-VIOLATION", "APL-59-BASIS-OF-MATTER"],
        },
        {
            "code": "V8",
            "title": "程序严重违法（未告知、应审核未审核、应听证未听证即决定）",
            "rules": ["APL-62-NOTICE-SERVED", "APL-58-LEGAL-REVIEW-REQUIRED", "APL-64-HEARING-BEFORE-DECISION"],
        },
    ],
    "items": [
        # 立卷 20
        {"category": "F", "code": "F1", "title": "使用规定的执法文书格式", "points": 2, "rules": []},
        {
            "category": "F",
            "code": "F2",
            "title": "处罚决定书要素齐全、载明裁量基准",
            "points": 4,
            "deduction": 1,
            # The decision's elements, and the facts and provisions every served document states.
            "rules": ["APL-59-DECISION-ELEMENTS", "APL-59-DOCUMENT-CONTENT", "APL-28-CORRECTION-ORDER"],
        },
        {
            "category": "F",
            "code": "F3",
            "title": "一案一卷，文书排列有序，页码连续，送达回证齐全",
            "points": 8,
            "deduction": 2,
            # A document issued before the act it records is out of the procedure's order (APL-DOCUMENT-STAGE);
            # each document the case's path requires and the file lacks deducts (documents/requirements.py).
            "rules": [
                "SAMR-78-CASE-FILE",
                "APL-DOCUMENT-STAGE",
                "SAMR-78-REQUIRED-DOCUMENTS",
                "EVAL-CASE-FILE-DOCUMENTS",
            ],
        },
        {"category": "F", "code": "F4", "title": "封面统一、卷内目录与页码相符", "points": 4, "rules": []},
        {"category": "F", "code": "F5", "title": "文书用语规范，签名盖章齐全", "points": 2, "rules": []},
        # 实体 40
        {"category": "S", "code": "S1", "title": "违法事实认定清楚，证据确实充分", "points": 12, "rules": []},
        {
            "category": "S",
            "code": "S2",
            "title": "罚款在法定幅度内",
            "points": 8,
            "rules": ["APL-32-FINE-WITHIN-STATUTORY-RANGE"],
        },
        {
            "category": "S",
            "code": "S3",
            "title": "正确适用裁量基准，超出阶次说明理由",
            "points": 6,
            "rules": ["DISC-BAND-DEVIATION-REASON"],
        },
        {
            "category": "S",
            "code": "S4",
            "title": "不予处罚依据充分",
            "points": 4,
            "rules": ["APL-33-FIRST-VIOLATION-NO-PENALTY"],
        },
        {
            "category": "S",
            "code": "S5",
            "title": "未因陈述申辩加重处罚",
            "points": 4,
            "rules": ["APL-45-NO-HEAVIER-PENALTY"],
        },
        {
            "category": "S",
            "code": "S6",
            "title": "简易程序及当场收缴适用条件",
            "points": 6,
            "deduction": 3,
            "rules": ["APL-51-SUMMARY-CEILING", "APL-68-ON-SPOT-COLLECTION"],
        },
        # 程序 40
        {"category": "P", "code": "P1", "title": "立案经负责人批准", "points": 4, "rules": ["SAMR-19-FILING-APPROVAL"]},
        {
            "category": "P",
            "code": "P2",
            "title": "询问笔录、现场笔录制作规范",
            "points": 6,
            "deduction": 2,
            "rules": ["APL-55-RECORD-SIGNATURES"],
        },
        {
            "category": "P",
            "code": "P3",
            "title": "行政强制措施依法实施和解除",
            "points": 5,
            "deduction": 2,
            "rules": ["APL-56-PRESERVATION-APPROVAL", "APL-56-PRESERVATION-7-DAYS", "CE-25-SEIZURE-DURATION"],
        },
        {
            "category": "P",
            "code": "P4",
            "title": "保障陈述申辩权利",
            "points": 5,
            "rules": ["SAMR-57-STATEMENT-PERIOD", "APL-45-WRITTEN-WAIVER"],
        },
        {
            "category": "P",
            "code": "P5",
            "title": "依法告知听证权利并组织听证",
            "points": 5,
            "deduction": 2,
            "rules": [
                "APL-63-HEARING-RIGHT-IN-NOTICE",
                "APL-64-HEARING-NOTICE-PERIOD",
                "APL-64-HEARING-REQUEST-PERIOD",
                "APL-64-PRESIDER-NOT-INVESTIGATOR",
            ],
        },
        {
            "category": "P",
            "code": "P6",
            "title": "法制审核、集体讨论符合规定",
            "points": 5,
            "deduction": 3,
            "rules": [
                "APL-58-REVIEWER-QUALIFIED",
                "SAMR-49-REVIEWER-NOT-HANDLER",
                "SAMR-50-REVIEW-AFTER-HEARING",
                "APL-57-COLLECTIVE-DISCUSSION",
                "APL-57-DISCUSSION-BY-HEADS",
            ],
        },
        {
            "category": "P",
            "code": "P7",
            "title": "在办案期限内作出决定",
            "points": 3,
            "rules": ["APL-60-DECISION-DEADLINE", "SAMR-64-DEADLINE-EXTENSION"],
        },
        {
            "category": "P",
            "code": "P8",
            "title": "依法送达",
            "points": 3,
            "deduction": 2,
            "rules": ["APL-61-DECISION-SERVICE", "APL-61-ELECTRONIC-CONSENT", "CPL-95-PUBLIC-SERVICE-GROUNDS"],
        },
        {
            "category": "P",
            "code": "P9",
            "title": "依法执行（加处罚款、申请强制执行）",
            "points": 2,
            "rules": ["APL-72-SURCHARGE", "CE-53-COURT-APPLICATION", "CE-55-APPLICATION-SIGNED-BY-HEAD"],
        },
        {
            "category": "P",
            "code": "P10",
            "title": "依法公示并按时结案",
            "points": 2,
            "deduction": 1,
            "rules": ["APL-48-DISCLOSURE", "SAMR-77-CLOSING"],
        },
    ],
}
