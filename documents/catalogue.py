"""The built-in catalogue of enforcement documents (执法文书): numbering classes, document types with their stage,
fields (mandatory or not), 文号 class, case-file position and first template version.

The catalogue is data: :func:`sync_catalogue` (run by a data migration and by ``manage.py
load_document_catalogue``) creates what is missing and never overwrites what an administrator has edited. The
texts follow the structure of the published samples (河南省 2016 行政处罚文书格式范本, 市场监管 2021 文书格式范本,
乡镇综合行政执法文书目录); element lists follow legal-brief §5.2.

Template markup (after Django template rendering), one block per line: ``= `` centred heading, ``| label | value``
table row, ``> `` right-aligned line, ``~ `` unindented line, ``@seal`` the signature and seal block, ``@fields``
every declared field as a table; any other line is a body paragraph with a two-character first-line indent.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class F:
    key: str
    label: str
    required: bool = True

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "required": self.required}


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    stage: str
    fields: tuple[F, ...]
    body: str
    numbering: str | None = None  # NumberingClass code
    external: bool = False
    volume: str = "front"
    order: int = 100
    extra: dict = field(default_factory=dict)


NUMBERING = [
    ("立", "立案"),
    ("询通", "询问通知"),
    ("改", "责令改正"),
    ("抽样", "抽样取证"),
    ("登保", "先行登记保存"),
    ("处通", "物品处理"),
    ("强措", "查封扣押"),
    ("罚告", "事先告知"),
    ("听告", "听证告知"),
    ("听通", "听证通知"),
    ("罚决", "行政处罚决定"),
    ("不罚决", "不予行政处罚决定"),
    ("简罚", "当场行政处罚决定"),
    ("催", "履行催告"),
    ("强申", "强制执行申请"),
    ("移", "案件移送"),
    ("刑移", "涉嫌犯罪案件移送"),
]

PARTY = (
    F("party_name", "当事人"),
    F("party_id_number", "身份证号码/统一社会信用代码"),
    F("party_address", "住所/地址"),
    F("party_legal_rep", "法定代表人/负责人", False),
    F("party_phone", "联系电话", False),
)
CASE = (F("case_number", "案件编号"), F("cause", "案由"))
OFFICERS = F("officers", "执法人员及执法证号")
DOC_DATE = F("doc_date", "文书日期")

# The addressee line and closing of letters served on the party.
TO_PARTY = "~ {{ party_name }}："
SEAL = "@seal"

# Periods and rates are never written into a body: they are template values from the procedure policy
# (``casemgmt.cases.legaltext.policy_texts``, put into every document's header by ``documents.context``).
REMEDY_TEXT = (
    "如不服本决定，可以在收到本决定书之日起{{ reconsideration_period }}内向{{ remedy_body }}申请行政复议，"
    "也可以在收到本决定书之日起{{ litigation_period }}内向{{ remedy_court }}提起行政诉讼。"
)
# The provisions a letter states (APL Arts. 44, 59): the provision violated and the penalty provision, cited from
# the case's matter (``documents.context.provision_values``).
PROVISIONS = (F("violated_provision", "违反的法律条款"), F("penalty_provision", "处罚依据"))

PARTY_TABLE = (
    "| 当事人 | {{ party_name }}\n| 证件号码 | {{ party_id_number }}\n| 住所 | {{ party_address }}\n"
    "{% if party_legal_rep %}| 法定代表人 | {{ party_legal_rep }}\n{% endif %}"
)

SPECS: list[Spec] = [
    # --- intake and filing ------------------------------------------------------------------------------------
    Spec(
        "ajly_djb",
        "案件来源登记表",
        "受理",
        (
            F("source", "案件来源"),
            F("discovered_on", "受理/发现日期"),
            F("reporter", "举报人/移送机关", False),
            F("clue_summary", "主要内容"),
            F("handling_proposal", "处理意见"),
            F("registered_by", "登记人"),
        ),
        "@fields",
        volume="back",
        order=500,
    ),
    Spec(
        "la_spb",
        "立案审批表",
        "立案",
        (
            *CASE,
            *PARTY,
            F("source", "案件来源"),
            F("case_facts", "案情摘要及立案理由"),
            OFFICERS,
            F("approver", "负责人审批意见"),
            F("filed_on", "立案日期"),
        ),
        "@fields",
        numbering="立",
        order=10,
    ),
    Spec(
        "bla_spb",
        "不予立案审批表",
        "立案",
        (
            F("cause", "案由"),
            F("party_name", "当事人"),
            F("source", "案件来源"),
            F("clue_summary", "案情摘要"),
            F("not_filed_reason", "不予立案理由"),
            F("approver", "负责人审批意见"),
            DOC_DATE,
        ),
        "@fields",
        order=10,
    ),
    # --- investigation ------------------------------------------------------------------------------------------
    Spec(
        "xcjc_bl",
        "现场检查（勘验）笔录",
        "调查取证",
        (
            F("record_time", "检查时间"),
            F("record_place", "检查地点"),
            F("party_name", "当事人"),
            F("interviewee", "在场人", False),
            OFFICERS,
            F("record_content", "检查情况"),
            F("record_signature_note", "签名情况"),
        ),
        "@fields\n执法人员已向当事人出示行政执法证件，表明身份。\n> 当事人（在场人）签名：{{ interviewee }}",
        order=40,
    ),
    Spec(
        "xw_bl",
        "询问笔录",
        "调查取证",
        (
            F("record_time", "询问时间"),
            F("record_place", "询问地点"),
            F("interviewee", "被询问人"),
            F("party_id_number", "身份证号码/统一社会信用代码"),
            OFFICERS,
            F("record_content", "询问内容"),
            F("record_signature_note", "签名情况"),
        ),
        "@fields\n执法人员已出示行政执法证件，并告知被询问人依法享有陈述、申辩和申请回避的权利，"
        "被询问人应当如实回答询问、协助调查。\n以上笔录我已看过（已向我宣读），与我所说的一致。\n"
        "> 被询问人（逐页签名）：{{ interviewee }}",
        order=30,
    ),
    Spec(
        "xw_tzs",
        "询问通知书",
        "调查取证",
        (
            *PARTY[:1],
            F("cause", "案由"),
            F("inquiry_time", "接受询问时间"),
            F("inquiry_place", "接受询问地点"),
            F("materials", "须携带的材料", False),
            F("contact", "联系人及电话"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n因{{{{ you }}}}涉嫌{{{{ cause }}}}，根据《中华人民共和国行政处罚法》第五十五条的规定，请于"
        "{{ inquiry_time }}到{{ inquiry_place }}接受询问调查。\n请携带：{{ materials|default:'身份证明' }}。\n"
        f"联系人及电话：{{{{ contact }}}}\n{SEAL}",
        numbering="询通",
        external=True,
        order=25,
    ),
    Spec(
        "zlgz_tzs",
        "责令（限期）改正通知书",
        "调查取证",
        (
            *PARTY[:3],
            F("violation", "违法行为"),
            F("legal_basis", "违反的规定及改正依据"),
            F("correction", "改正要求"),
            F("correction_deadline", "改正期限"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n经查，{{{{ you }}}}{{{{ violation }}}}，违反了{{{{ legal_basis }}}}的规定。依据《中华人民共和国行政处罚法》"
        "第二十八条第一款的规定，现责令{{ you }}于{{ correction_deadline }}前{{ correction }}。\n"
        "逾期不改正的，本机关将依法处理。\n"
        f"{SEAL}",
        numbering="改",
        external=True,
        order=22,
    ),
    Spec(
        "cyqz_tzs",
        "抽样取证通知书",
        "调查取证",
        (
            *PARTY[:1],
            F("cause", "案由"),
            F("items", "抽样物品清单"),
            F("measure_place", "抽样地点"),
            OFFICERS,
            DOC_DATE,
        ),
        f"{TO_PARTY}\n因调查{{{{ cause }}}}需要，依据《中华人民共和国行政处罚法》第五十六条的规定，本机关对下列物品进行抽样取证。\n"
        "= 抽样物品清单\n| 物品 | {{ items }}\n| 抽样地点 | {{ measure_place }}\n| 执法人员 | {{ officers }}\n"
        f"本清单一式两份，当事人和执法人员签名后各执一份。\n{SEAL}",
        numbering="抽样",
        external=True,
        order=26,
    ),
    Spec(
        "xxdjbc_tzs",
        "先行登记保存证据通知书",
        "调查取证",
        (
            *PARTY[:1],
            F("cause", "案由"),
            F("items", "先行登记保存物品清单"),
            F("measure_on", "保存日期"),
            F("measure_place", "保存地点"),
            F("approver", "负责人批准"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n因调查{{{{ cause }}}}，证据可能灭失或者以后难以取得，经本机关负责人批准（{{{{ approver }}}}），依据《中华人民共和国行政处罚法》"
        "第五十六条的规定，自{{ measure_on }}起对下列物品先行登记保存，保存地点为{{ measure_place }}。"
        "在此期间，当事人或者有关人员不得销毁或者转移证据。本机关将在{{ preservation_period }}内作出处理决定。\n"
        "= 先行登记保存物品清单\n| 物品 | {{ items }}\n"
        f"本清单一式两份，当事人和执法人员签名后各执一份。\n{SEAL}",
        numbering="登保",
        external=True,
        order=26,
    ),
    Spec(
        "wpcl_tzs",
        "物品处理通知书",
        "调查取证",
        (*PARTY[:1], F("items", "物品清单"), F("disposal", "处理决定"), F("disposed_on", "处理日期"), DOC_DATE),
        f"{TO_PARTY}\n本机关依法抽样取证（先行登记保存）的下列物品，现作出如下处理：{{{{ disposal }}}}。\n"
        f"= 物品处理清单\n| 物品 | {{{{ items }}}}\n| 处理日期 | {{{{ disposed_on }}}}\n{SEAL}",
        numbering="处通",
        external=True,
        order=27,
    ),
    Spec(
        "cfky_jds",
        "查封（扣押）决定书",
        "调查取证",
        (
            *PARTY[:3],
            F("measure_kind", "措施"),
            F("measure_reason", "理由"),
            F("measure_basis", "依据"),
            F("items", "查封（扣押）物品清单"),
            F("measure_on", "起始日期"),
            F("measure_days", "期限"),
            F("measure_place", "场所、设施或者财物存放地点"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n因{{{{ measure_reason }}}}，依据{{{{ measure_basis }}}}和《中华人民共和国行政强制法》第二十四条的规定，"
        "本机关决定自{{ measure_on }}起对{{ you }}的下列场所、设施或者财物予以{{ measure_kind }}，期限为{{ measure_days }}，"
        "存放地点为{{ measure_place }}。\n= 查封（扣押）物品清单\n| 物品 | {{ items }}\n"
        "本清单一式两份，当事人和执法人员签名后各执一份。\n"
        f"{REMEDY_TEXT}\n{SEAL}",
        numbering="强措",
        external=True,
        order=24,
    ),
    Spec(
        "dczj_bg",
        "案件调查终结报告",
        "调查终结",
        (
            *CASE,
            F("party_name", "当事人"),
            F("report_facts", "查明的违法事实"),
            F("evidence_summary", "主要证据"),
            F("nature", "违法性质"),
            F("report_basis", "处理依据"),
            F("discretion_reasons", "自由裁量理由"),
            F("proposal", "处理意见"),
            F("report_on", "报告日期"),
            OFFICERS,
        ),
        "@fields",
        volume="back",
        order=510,
    ),
    Spec(
        "fzsh_yjs",
        "法制审核意见书",
        "审核",
        (
            *CASE,
            F("party_name", "当事人"),
            F("proposal", "拟作出的处理决定"),
            F("review_result", "审核意见"),
            F("review_opinion", "审核意见书内容"),
            F("reviewer", "审核人员及法律职业资格证号"),
            F("review_on", "审核日期"),
        ),
        "@fields",
        volume="back",
        order=520,
    ),
    Spec(
        "jttl_bl",
        "案件集体讨论笔录",
        "决定",
        (
            *CASE,
            F("discussion_on", "讨论时间"),
            F("chair", "主持人"),
            F("participants", "参加人员"),
            F("case_summary", "案情简介", False),
            F("conclusion", "讨论结论"),
        ),
        "@fields\n> 参加人员签名：{{ participants }}",
        volume="back",
        order=540,
    ),
    # --- prior notice, statement and hearing --------------------------------------------------------------------
    Spec(
        "sxgz_s",
        "行政处罚事先告知书",
        "事先告知",
        (
            *PARTY[:3],
            F("notice_facts", "违法事实、理由及依据"),
            *PROVISIONS,
            F("notice_penalty", "拟作出的行政处罚"),
            F("statement_days", "陈述申辩期限"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n经查，{{{{ notice_facts }}}}\n"
        "{{ you }}的上述行为违反了{{ violated_provision }}的规定。依据{{ penalty_provision }}的规定，"
        "本机关拟对{{ you }}作出如下行政处罚：{{ notice_penalty }}。\n"
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{{ you }}享有陈述、申辩的权利。"
        "如有陈述、申辩意见，请在收到本告知书之日起{{ statement_days }}内向本机关提出；逾期未提出的，视为放弃上述权利。\n"
        f"{SEAL}",
        numbering="罚告",
        external=True,
        order=28,
    ),
    Spec(
        "sxgz_s_tz",
        "行政处罚事先告知书（含听证权利）",
        "事先告知",
        (
            *PARTY[:3],
            F("notice_facts", "违法事实、理由及依据"),
            *PROVISIONS,
            F("notice_penalty", "拟作出的行政处罚"),
            F("statement_days", "陈述申辩期限"),
            F("hearing_days", "申请听证期限"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n经查，{{{{ notice_facts }}}}\n"
        "{{ you }}的上述行为违反了{{ violated_provision }}的规定。依据{{ penalty_provision }}的规定，"
        "本机关拟对{{ you }}作出如下行政处罚：{{ notice_penalty }}。\n"
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{{ you }}享有陈述、申辩的权利。"
        "如有陈述、申辩意见，请在收到本告知书之日起{{ statement_days }}内向本机关提出。\n"
        "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，{{ you }}有权要求举行听证。"
        "如要求听证，请在收到本告知书之日起{{ hearing_days }}内向本机关提出；逾期未提出的，视为放弃听证权利。\n"
        f"{SEAL}",
        numbering="罚告",
        external=True,
        order=28,
    ),
    Spec(
        "cssb_bl",
        "陈述申辩笔录",
        "事先告知",
        (
            *CASE,
            F("party_name", "陈述申辩人"),
            F("statement_on", "陈述申辩时间"),
            F("statement_content", "陈述申辩内容"),
            F("recheck", "复核意见"),
            F("adopted", "是否采纳及理由"),
            OFFICERS,
        ),
        "@fields\n> 陈述申辩人签名：{{ party_name }}",
        order=45,
    ),
    Spec(
        "tz_gzs",
        "听证告知书",
        "听证",
        (
            *PARTY[:1],
            F("cause", "案由"),
            *PROVISIONS,
            F("notice_penalty", "拟作出的行政处罚"),
            F("hearing_days", "申请听证期限"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n本机关在查处{{{{ you }}}}涉嫌{{{{ cause }}}}一案中查明，{{{{ you }}}}的行为违反了{{{{ violated_provision }}}}的规定。"
        "依据{{ penalty_provision }}的规定，"
        "本机关拟对{{ you }}作出{{ notice_penalty }}的行政处罚。根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，"
        "{{ you }}有权要求举行听证。如要求听证，应当在收到本告知书之日起{{ hearing_days }}内向本机关提出；"
        "逾期未提出的，视为放弃听证权利。\n"
        f"{SEAL}",
        numbering="听告",
        external=True,
        order=29,
    ),
    Spec(
        "tz_tzs",
        "听证通知书",
        "听证",
        (
            *PARTY[:1],
            F("cause", "案由"),
            F("hearing_on", "听证时间"),
            F("hearing_place", "听证地点"),
            F("presider", "听证主持人"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n根据{{{{ you }}}}的申请，本机关定于{{{{ hearing_on }}}}在{{{{ hearing_place }}}}就{{{{ cause }}}}一案举行听证，"
        "听证主持人为{{ presider }}。请准时参加；{{ you }}认为主持人与本案有直接利害关系的，有权申请回避。"
        "无正当理由拒不出席听证的，视为放弃听证权利。\n"
        f"{SEAL}",
        numbering="听通",
        external=True,
        order=29,
    ),
    Spec(
        "tz_bl",
        "听证笔录",
        "听证",
        (
            *CASE,
            F("hearing_on", "听证时间"),
            F("hearing_place", "听证地点"),
            F("presider", "听证主持人"),
            F("party_name", "当事人"),
            OFFICERS,
            F("hearing_content", "听证内容"),
        ),
        "@fields\n> 当事人签名：{{ party_name }}　主持人签名：{{ presider }}",
        order=50,
    ),
    Spec(
        "tz_bg",
        "听证报告",
        "听证",
        (
            *CASE,
            F("hearing_on", "听证时间"),
            F("presider", "听证主持人"),
            F("hearing_report", "听证情况及处理意见"),
            DOC_DATE,
        ),
        "@fields",
        volume="back",
        order=530,
    ),
    # --- decision -------------------------------------------------------------------------------------------------
    Spec(
        "xzcf_jdspb",
        "行政处罚决定审批表",
        "决定",
        (
            *CASE,
            F("party_name", "当事人"),
            F("proposal", "承办人意见"),
            F("review_result", "审核意见"),
            F("decided_by", "负责人审批意见"),
            F("decided_on", "审批日期"),
        ),
        "@fields",
        volume="back",
        order=545,
    ),
    Spec(
        "xzcf_jds",
        "行政处罚决定书",
        "决定",
        (
            *PARTY,
            F("decision_facts", "违法事实"),
            F("evidence_list", "证据"),
            *PROVISIONS,
            F("penalty", "行政处罚的种类和数额"),
            F("correction_order", "责令改正", False),
            F("statement_handling", "陈述申辩采纳情况", False),
            F("discretion_tier", "裁量档次"),
            F("benchmark_ref", "适用的裁量基准"),
            F("performance", "履行方式和期限"),
            F("remedy", "申请行政复议、提起行政诉讼的途径和期限"),
            F("decided_on", "作出决定的日期"),
        ),
        f"{PARTY_TABLE}"
        "本机关于{{ filed_on }}对{{ you }}涉嫌{{ cause }}一案立案调查，现已调查终结。\n"
        "经查，{{ decision_facts }}\n"
        "上述事实有下列证据证明：{{ evidence_list }}\n"
        "{% if statement_handling %}本机关在作出本决定前，依法告知了{{ you }}拟作出行政处罚的事实、理由、依据及依法享有的"
        "陈述、申辩等权利。{{ statement_handling }}\n{% endif %}"
        "{{ you }}的上述行为违反了{{ violated_provision }}的规定。依据{{ penalty_provision }}的规定，参照{{ benchmark_ref }}"
        "（裁量档次：{{ discretion_tier }}），本机关决定对{{ you }}作出如下行政处罚：\n"
        "{{ penalty }}。\n"
        "{% if correction_order %}{{ correction_order }}\n{% endif %}"
        "{{ performance }}\n"
        "{{ remedy }}申请行政复议或者提起行政诉讼期间，本决定不停止执行。\n"
        "逾期不申请行政复议、不提起行政诉讼，又不履行本决定的，本机关将依法申请人民法院强制执行。\n"
        f"{SEAL}",
        numbering="罚决",
        external=True,
        order=20,
    ),
    Spec(
        "byxzcf_jds",
        "不予行政处罚决定书",
        "决定",
        (
            *PARTY[:3],
            F("decision_facts", "查明的事实"),
            F("legal_basis", "不予处罚的理由和依据"),
            F("remedy", "申请行政复议、提起行政诉讼的途径和期限"),
            F("decided_on", "作出决定的日期"),
        ),
        f"{TO_PARTY}\n本机关对{{{{ you }}}}涉嫌{{{{ cause }}}}一案进行了调查。经查，{{{{ decision_facts }}}}\n"
        "依据{{ legal_basis }}的规定，本机关决定对{{ you }}不予行政处罚。\n{{ remedy }}\n"
        f"{SEAL}",
        numbering="不罚决",
        external=True,
        order=20,
    ),
    Spec(
        "dcxzcf_jds",
        "当场行政处罚决定书",
        "当场处罚",
        (
            *PARTY[:3],
            F("decision_facts", "违法事实"),
            F("legal_basis", "处罚依据"),
            F("penalty", "处罚内容"),
            F("performance", "履行方式和期限"),
            F("remedy", "救济途径和期限"),
            OFFICERS,
            F("violation_place", "违法地点"),
            F("decided_on", "处罚日期"),
        ),
        f"{TO_PARTY}\n经查，{{{{ you }}}}于{{{{ violation_place }}}}{{{{ decision_facts }}}}\n依据{{{{ legal_basis }}}}的规定，"
        "根据《中华人民共和国行政处罚法》第五十一条、第五十二条的规定，当场作出如下行政处罚：{{ penalty }}。\n"
        "{{ performance }}\n{{ remedy }}\n执法人员：{{ officers }}\n"
        f"> 当事人签名：{{{{ party_name }}}}\n{SEAL}",
        numbering="简罚",
        external=True,
        order=20,
    ),
    # --- service -------------------------------------------------------------------------------------------------
    Spec(
        "sddz_qrs",
        "送达地址确认书",
        "送达",
        (
            F("party_name", "受送达人"),
            F("service_address", "确认的送达地址"),
            F("party_phone", "联系电话"),
            F("electronic_address", "电子送达地址", False),
            F("electronic_consent", "是否同意电子送达"),
            DOC_DATE,
        ),
        "@fields\n受送达人确认：上述地址真实有效；因地址不准确、变更未及时告知或拒不签收导致文书未能实际接收的，"
        "文书退回之日视为送达之日。\n> 受送达人签名：{{ party_name }}",
        order=60,
    ),
    Spec(
        "sd_hz",
        "送达回证",
        "送达",
        (
            F("served_document", "送达文书名称及文号"),
            F("recipient", "受送达人"),
            F("service_time", "送达时间"),
            F("service_place", "送达地点", False),
            F("service_method", "送达方式"),
            F("server", "送达人"),
            F("witness", "见证人", False),
            F("service_note", "备注", False),
        ),
        "@fields\n> 受送达人签名（盖章）：\n> 送达人签名：{{ server }}",
        order=21,
    ),
    # --- execution -----------------------------------------------------------------------------------------------
    Spec(
        "yqfq_spb",
        "延期（分期）缴纳罚款审批表",
        "执行",
        (
            *CASE,
            F("party_name", "申请人"),
            F("deferment_reason", "申请理由"),
            F("deferment_plan", "延期（分期）方案"),
            F("approver", "负责人审批意见"),
            F("deferment_on", "审批日期"),
        ),
        "@fields",
        order=70,
    ),
    Spec(
        "lxcg_s",
        "履行催告书",
        "执行",
        (
            *PARTY[:3],
            F("decision_number", "行政处罚决定书文号"),
            F("amount_due", "应缴纳金额"),
            F("reminder_deadline", "履行期限"),
            F("payment_method", "履行方式"),
            DOC_DATE,
        ),
        f"{TO_PARTY}\n本机关于{{{{ decided_on }}}}作出的{{{{ decision_number }}}}行政处罚决定书，{{{{ you }}}}未按期履行。"
        "依据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告{{ you }}于{{ reminder_deadline }}前"
        "以{{ payment_method }}方式履行：{{ amount_due }}。\n"
        "{{ you }}有权进行陈述和申辩。逾期仍不履行的，本机关将依法申请人民法院强制执行。\n"
        f"{SEAL}",
        numbering="催",
        external=True,
        order=75,
    ),
    Spec(
        "qzzx_sqs",
        "强制执行申请书",
        "执行",
        (
            F("court", "申请执行的人民法院"),
            F("party_name", "被执行人"),
            F("party_address", "被执行人住所"),
            F("decision_number", "行政处罚决定书文号"),
            F("execution_object", "申请执行的内容"),
            F("reminder_record", "催告情况"),
            F("agency_head", "机关负责人"),
            DOC_DATE,
        ),
        "~ {{ court }}：\n"
        "被执行人{{ party_name }}（住所：{{ party_address }}）不履行本机关{{ decision_number }}行政处罚决定，"
        "在法定期限内未申请行政复议或者提起行政诉讼，经催告（{{ reminder_record }}）仍未履行。"
        "依据《中华人民共和国行政强制法》第五十三条至第五十五条的规定，特申请强制执行：{{ execution_object }}。\n"
        "附：行政处罚决定书及作出决定的事实、理由和依据，当事人的意见及催告情况，申请强制执行标的情况。\n"
        f"> 机关负责人：{{{{ agency_head }}}}\n{SEAL}",
        numbering="强申",
        order=80,
    ),
    Spec(
        "aj_yjh",
        "案件移送函",
        "移送",
        (
            F("receiver", "受移送机关"),
            F("cause", "案由"),
            F("party_name", "当事人"),
            F("transfer_reason", "移送理由"),
            F("materials", "移送材料清单"),
            DOC_DATE,
        ),
        "~ {{ receiver }}：\n本机关在办理{{ party_name }}{{ cause }}一案中，发现{{ transfer_reason }}。"
        "依据《中华人民共和国行政处罚法》第二十二条、第二十五条的规定，现将该案移送你单位处理。\n"
        f"附：{{{{ materials }}}}\n{SEAL}",
        numbering="移",
        order=90,
    ),
    Spec(
        "sxfz_ysf",
        "涉嫌犯罪案件移送书",
        "移送",
        (
            F("receiver", "受移送机关"),
            F("cause", "案由"),
            F("party_name", "涉嫌犯罪当事人"),
            F("transfer_reason", "涉嫌犯罪的事实"),
            F("materials", "移送材料及涉案物品清单"),
            DOC_DATE,
        ),
        "~ {{ receiver }}：\n本机关在查处{{ party_name }}{{ cause }}一案中，发现{{ transfer_reason }}，涉嫌构成犯罪。"
        "依据《中华人民共和国行政处罚法》第二十七条和《行政执法机关移送涉嫌犯罪案件的规定》，现将该案移送你单位。\n"
        f"附：{{{{ materials }}}}\n{SEAL}",
        numbering="刑移",
        order=90,
    ),
    Spec(
        "ja_spb",
        "结案审批表",
        "结案",
        (
            *CASE,
            F("party_name", "当事人"),
            F("execution_outcome", "处罚决定及执行情况"),
            F("closing_ground", "结案事由"),
            F("closing_summary", "承办人结案意见"),
            F("approver", "负责人审批意见"),
            F("closing_on", "结案审批日期"),
        ),
        "@fields",
        volume="back",
        order=590,
    ),
    # --- archive (generated by the case-file builder, also available as documents) -------------------------------
    Spec(
        "aj_fm",
        "案卷封面",
        "归档",
        (
            F("case_title", "案卷题名"),
            F("decision_number", "处罚决定书文号", False),
            F("units", "承办单位"),
            F("filed_on", "立案日期"),
            F("closed_on", "结案日期"),
            F("retention", "保管期限"),
            F("archive_number", "档号", False),
        ),
        "@fields",
        volume="none",
        order=0,
    ),
    Spec(
        "jn_ml",
        "卷内目录",
        "归档",
        (F("case_title", "案卷题名"), F("toc_text", "目录")),
        "@fields",
        volume="none",
        order=1,
    ),
    Spec(
        "bkb",
        "备考表",
        "归档",
        (F("case_title", "案卷题名"), F("file_notes", "本卷情况说明"), F("compiler", "立卷人"), DOC_DATE),
        "@fields",
        volume="none",
        order=999,
    ),
]


def _with_party_table(spec: Spec) -> Spec:
    """Letters that identify the party print the identity block under the salutation (the addressee's details
    are part of the frozen content)."""
    keys = {f.key for f in spec.fields}
    if "party_id_number" in keys and spec.body.startswith(TO_PARTY) and "party_id_number" not in spec.body:
        from dataclasses import replace

        return replace(spec, body=spec.body.replace(TO_PARTY + "\n", TO_PARTY + "\n" + PARTY_TABLE, 1))
    return spec


SPECS = [_with_party_table(spec) for spec in SPECS]
SPEC_BY_CODE = {spec.code: spec for spec in SPECS}

TRANSITION_BLOCK = (
    "~ 协办单位：{{ assist_units }}\n~ 协办人员：{{ assist_officers }}\n"
    "~ （过渡期专用文书：本文书以{{ subject_name }}名义作出，{{ assist_units }}协助办理。）\n"
)


def transition_body(body: str) -> str:
    """The transition-period variant: the county department's name and seal, naming the assisting brigade."""
    if SEAL in body:
        return body.replace(SEAL, TRANSITION_BLOCK + SEAL, 1)
    return body + "\n" + TRANSITION_BLOCK


def sync_catalogue(apps=None) -> int:
    """Create missing numbering classes, document types and first template versions; returns how many rows were
    created. Existing rows (possibly edited by an administrator) are left as they are."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    NumberingClass = apps.get_model("documents", "NumberingClass")
    DocumentType = apps.get_model("documents", "DocumentType")
    TemplateVersion = apps.get_model("documents", "TemplateVersion")
    created = 0
    classes = {}
    for code, name in NUMBERING:
        obj, new = NumberingClass.objects.get_or_create(code=code, defaults={"name": name})
        classes[code] = obj
        created += new
    for spec in SPECS:
        dtype, new = DocumentType.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "stage": spec.stage,
                "fields": [f.as_dict() for f in spec.fields],
                "numbering_class": classes.get(spec.numbering) if spec.numbering else None,
                "external": spec.external,
                "volume": spec.volume,
                "file_order": spec.order,
            },
        )
        created += new
        for variant, body in (("standard", spec.body), ("transition", transition_body(spec.body))):
            if not TemplateVersion.objects.filter(document_type=dtype, variant=variant).exists():
                TemplateVersion.objects.create(
                    document_type=dtype, variant=variant, version=1, body=body, note="内置模板"
                )
                created += 1
    return created
