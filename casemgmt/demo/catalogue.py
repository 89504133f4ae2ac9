"""What the demo's cases are about: typical township enforcement matters (案由) with their legal basis and a
realistic fine range, plus places and wording. Amounts stay inside each provision's statutory range."""

from __future__ import annotations

from dataclasses import dataclass

from casemgmt.cases.models import PartyKind

CITIZEN = PartyKind.CITIZEN
ORGANISATION = PartyKind.ORGANISATION
BUSINESS = PartyKind.INDIVIDUAL_BUSINESS


@dataclass(frozen=True)
class Matter:
    cause: str  # 案由
    clue: str  # 线索内容; {party} {place}
    facts: str  # 违法事实; {party} {place} {date}
    violated: str  # the provision broken
    basis: str  # the penalty provision
    field: str  # the county department's field
    party_kinds: tuple[str, ...]
    citizen_fines: tuple[int, int] | None  # ordinary procedure, 元
    organisation_fines: tuple[int, int] | None
    summary_fines: tuple[int, int] | None = None  # 当场处罚, citizens; None: no summary procedure
    confiscation: tuple[int, int] | None = None  # 没收违法所得
    evidence: tuple[str, ...] = ("现场照片", "现场检查笔录")
    source: str = "inspection"


MATTERS: tuple[Matter, ...] = (
    Matter(
        cause="擅自占用城市道路从事经营活动（占道经营）",
        clue="巡查发现{party}在{place}占用人行道摆摊经营",
        facts="{date}，{party}未经批准在{place}占用人行道设摊经营，占用面积约{area}平方米，经责令改正后仍未改正。",
        violated="《城市道路管理条例》第二十七条第（六）项",
        basis="《城市道路管理条例》第四十二条",
        field="城市管理",
        party_kinds=(CITIZEN, BUSINESS),
        citizen_fines=(200, 2000),
        organisation_fines=(1000, 5000),
        summary_fines=(50, 200),
    ),
    Matter(
        cause="未取得建设工程规划许可证进行建设（违法建设）",
        clue="群众举报{place}有人未经批准搭建建筑物",
        facts="{date}，{party}未取得建设工程规划许可证，在{place}擅自建设砖混结构建筑物约{area}平方米。",
        violated="《中华人民共和国城乡规划法》第四十条第一款",
        basis="《中华人民共和国城乡规划法》第六十四条",
        field="城市管理",
        party_kinds=(CITIZEN, ORGANISATION),
        citizen_fines=(3000, 60000),
        organisation_fines=(20000, 300000),
        evidence=("现场照片", "现场勘验图", "工程造价评估意见"),
        source="complaint",
    ),
    Matter(
        cause="随意倾倒建筑垃圾",
        clue="巡查发现{place}路边堆放大量建筑垃圾",
        facts="{date}，{party}将装修产生的建筑垃圾约{area}立方米倾倒在{place}路边。",
        violated="《城市建筑垃圾管理规定》第十五条",
        basis="《城市建筑垃圾管理规定》第二十六条",
        field="城市管理",
        party_kinds=(CITIZEN, ORGANISATION),
        citizen_fines=(100, 200),
        organisation_fines=(5000, 50000),
        summary_fines=(100, 200),
    ),
    Matter(
        cause="未依法取得营业执照从事经营活动（无照经营）",
        clue="接群众举报，{place}一门店无照经营",
        facts="{date}起，{party}未依法取得营业执照，在{place}从事食品零售经营，违法所得经查实。",
        violated="《无证无照经营查处办法》第二条",
        basis="《无证无照经营查处办法》第十三条",
        field="市场监管",
        party_kinds=(CITIZEN,),
        citizen_fines=(1000, 10000),
        organisation_fines=None,
        confiscation=(300, 5000),
        evidence=("现场照片", "销售记录", "当事人身份证复印件"),
        source="complaint",
    ),
    Matter(
        cause="未经批准擅自设置户外广告",
        clue="巡查发现{place}新设大型户外广告牌",
        facts="{date}，{party}未经批准在{place}擅自设置户外广告牌一块，面积约{area}平方米。",
        violated="《城市市容和环境卫生管理条例》第十一条",
        basis="《城市市容和环境卫生管理条例》第三十六条第（二）项",
        field="城市管理",
        party_kinds=(BUSINESS, ORGANISATION),
        citizen_fines=(500, 3000),
        organisation_fines=(2000, 20000),
    ),
    Matter(
        cause="露天焚烧秸秆",
        clue="巡查发现{place}农田有焚烧秸秆烟雾",
        facts="{date}，{party}在{place}自家承包地内露天焚烧农作物秸秆，过火面积约{area}平方米。",
        violated="《中华人民共和国大气污染防治法》第七十七条",
        basis="《中华人民共和国大气污染防治法》第一百一十九条第一款",
        field="城市管理",
        party_kinds=(CITIZEN,),
        citizen_fines=(500, 2000),
        organisation_fines=None,
    ),
    Matter(
        cause="露天焚烧垃圾",
        clue="接举报，{place}有单位露天焚烧垃圾",
        facts="{date}，{party}在{place}露天焚烧生产生活垃圾，产生大量烟尘。",
        violated="《中华人民共和国大气污染防治法》第七十七条",
        basis="《中华人民共和国大气污染防治法》第一百一十九条第二款",
        field="城市管理",
        party_kinds=(CITIZEN, ORGANISATION),
        citizen_fines=(500, 2000),
        organisation_fines=(10000, 100000),
        source="complaint",
    ),
    Matter(
        cause="餐饮服务业经营者未安装油烟净化设施",
        clue="居民投诉{place}餐馆油烟扰民",
        facts="{date}，{party}在{place}经营餐饮，未安装油烟净化设施，油烟直排。",
        violated="《中华人民共和国大气污染防治法》第八十一条第一款",
        basis="《中华人民共和国大气污染防治法》第一百一十八条第一款",
        field="城市管理",
        party_kinds=(BUSINESS, ORGANISATION),
        citizen_fines=(5000, 12000),
        organisation_fines=(5000, 50000),
        source="complaint",
    ),
    Matter(
        cause="运输渣土车辆未采取密闭措施",
        clue="巡查发现{place}渣土车沿途抛撒",
        facts="{date}，{party}所属渣土运输车辆在{place}未采取密闭措施运输建筑渣土，沿途抛撒。",
        violated="《中华人民共和国大气污染防治法》第七十条第一款",
        basis="《中华人民共和国大气污染防治法》第一百一十六条",
        field="城市管理",
        party_kinds=(ORGANISATION,),
        citizen_fines=None,
        organisation_fines=(2000, 20000),
    ),
    Matter(
        cause="在建筑物、公共设施上乱张贴",
        clue="巡查发现{place}电线杆、墙面张贴小广告",
        facts="{date}，{party}在{place}的电线杆及墙面上张贴小广告。",
        violated="《城市市容和环境卫生管理条例》第十七条",
        basis="《城市市容和环境卫生管理条例》第三十四条第（二）项",
        field="城市管理",
        party_kinds=(CITIZEN,),
        citizen_fines=(100, 500),
        organisation_fines=None,
        summary_fines=(50, 100),
    ),
    Matter(
        cause="擅自挖掘城市道路",
        clue="巡查发现{place}路面被开挖",
        facts="{date}，{party}未经批准在{place}挖掘城市道路铺设管线，挖掘长度约{area}米。",
        violated="《城市道路管理条例》第三十三条",
        basis="《城市道路管理条例》第四十二条",
        field="城市管理",
        party_kinds=(ORGANISATION,),
        citizen_fines=None,
        organisation_fines=(2000, 20000),
    ),
    Matter(
        cause="非法占用土地建设厂房",
        clue="卫片执法发现{place}新增建设用地",
        facts="{date}，{party}未经批准占用{place}集体土地约{area}平方米建设厂房。",
        violated="《中华人民共和国土地管理法》第四十四条",
        basis="《中华人民共和国土地管理法》第七十七条；《中华人民共和国土地管理法实施条例》第五十七条",
        field="自然资源",
        party_kinds=(ORGANISATION,),
        citizen_fines=None,
        organisation_fines=(20000, 300000),
        evidence=("现场照片", "勘测定界图", "卫片图斑"),
        source="assigned",
    ),
)

STREETS = {
    "城关镇": ("人民路", "解放街", "建设路", "文化路", "东门菜市场", "汽车站广场"),
    "河西镇": ("河西大道", "滨河路", "河西村二组", "河西集镇"),
    "东坝镇": ("东坝街", "东坝工业园", "新塘村", "东坝桥头"),
    "青山乡": ("青山村", "青山乡政府路口", "石门村三组", "青山集市"),
    "南湖镇": ("南湖大道", "湖滨路", "南湖村五组", "渔港码头"),
}

SHOP_WORDS = ("小吃店", "烧烤店", "便利店", "建材店", "五金店", "面馆", "水果店", "餐馆")
COMPANY_WORDS = ("商贸", "建筑工程", "建材", "餐饮管理", "物流", "置业", "农业开发", "环境工程", "广告传媒")

NOT_FILED_REASONS = (
    "经现场核查，举报反映的违法事实不存在。",
    "经核查，当事人已于发现当日自行改正，违法行为轻微并及时改正，没有造成危害后果，依法不予立案。",
    "经核查，该事项不属于本机关管辖，已告知举报人向有管辖权的机关反映。",
)
SUSPEND_REASONS = (
    "当事人下落不明，无法继续调查",
    "涉案建筑物造价须委托专业机构评估，评估期间中止调查",
    "案件须以相关案件的裁判结果为依据，而相关案件尚未审结",
)
TERMINATE_REASONS = (
    "当事人死亡，无权利义务承受人",
    "涉案企业已依法注销，无权利义务承受人",
)
