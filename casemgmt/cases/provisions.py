"""The provisions of a matter as documents cite them: the provision violated (违法条款) and the penalty provision
(罚则条款), each from the law version the matter names.

A decision's 处罚依据 is chosen from these, never typed (行政处罚法第五十九条第三项: 行政处罚的种类和依据); a basis
that names a provision not belonging to the case's matter is refused (rule ``APL-59-BASIS-OF-MATTER``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VIOLATED = "violated"
PENALTY = "penalty"
# A basis may cite several provisions: 《城市道路管理条例》第二十七条第（六）项；《城市道路管理条例》第四十二条.
SEPARATORS = re.compile(r"[；;]\s*")


@dataclass(frozen=True)
class Provision:
    role: str  # VIOLATED or PENALTY
    law: str  # the law's title with 《》
    version: str  # the version's label, e.g. 2019年修订
    clause: str  # 第四十二条

    @property
    def citation(self) -> str:
        return f"{self.law}{self.clause}"

    @property
    def label(self) -> str:
        role = "违法条款" if self.role == VIOLATED else "罚则条款"
        return f"{role}：{self.citation}（{self.version}）"


def matter_provisions(matter) -> list[Provision]:
    """The matter's violated and penalty provisions, each with the title of its law version. A clause entered
    without a law version counts only if it names its law itself (《…》第…条); otherwise it cannot be cited."""
    out = []
    for role, clause, version in (
        (VIOLATED, (matter.violated_clause or "").strip(), matter.violated_law),
        (PENALTY, (matter.penalty_clause or "").strip(), matter.penalty_law),
    ):
        if not clause:
            continue
        if version is not None:
            out.append(Provision(role=role, law=version.law.name, version=version.label, clause=clause))
        elif clause.startswith("《"):
            out.append(Provision(role=role, law="", version="未载明版本", clause=clause))
    return out


def provision(matter, role: str) -> Provision | None:
    if matter is None:
        return None
    return next((p for p in matter_provisions(matter) if p.role == role), None)


def basis_choices(matter) -> list[tuple[str, str]]:
    """The 处罚依据 a penalty decision may state: the penalty provision alone, or the violated and the penalty
    provision together (as many decisions cite both)."""
    penalty, violated = provision(matter, PENALTY), provision(matter, VIOLATED)
    if penalty is None:
        return []
    choices = [(penalty.citation, penalty.label)]
    if violated is not None:
        both = f"{violated.citation}；{penalty.citation}"
        choices.append((both, f"{violated.label}；{penalty.label}"))
    return choices


def cited(basis: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(basis or "") if part.strip()]


def basis_defects(matter, basis: str) -> list[str]:
    """Why ``basis`` is not a 处罚依据 of ``matter``: a cited provision that is not the matter's, or the penalty
    provision missing."""
    own = {p.citation: p for p in matter_provisions(matter)}
    penalty = provision(matter, PENALTY)
    if penalty is None:  # an incomplete catalogue entry: nothing to choose from (the document rule refuses it)
        return []
    parts = cited(basis)
    defects = [f"“{part}”不是执法事项“{matter.name}”的违法条款或罚则条款" for part in parts if part not in own]
    if penalty.citation not in parts:
        defects.append(f"处罚依据须引用执法事项的罚则条款{penalty.citation}")
    return defects


# The bases of the decisions that impose no penalty (行政处罚法第三十三条、第五十七条) and of transfers, offered beside
# the matter's provisions when the decision is drafted.
APL = "《中华人民共和国行政处罚法》"
OTHER_DECISION_BASES: tuple[tuple[str, str], ...] = (
    (f"{APL}第三十三条第一款", "不予处罚：违法行为轻微并及时改正，没有造成危害后果；初次违法且危害后果轻微并及时改正"),
    (f"{APL}第三十三条第二款", "不予处罚：当事人有证据足以证明没有主观过错"),
    (f"{APL}第五十七条第一款第（三）项", "不予处罚：违法事实不能成立"),
    (f"{APL}第五十七条第一款第（四）项", "移送司法机关：违法行为涉嫌犯罪"),
    (f"{APL}第二十二条、第二十五条", "移送其他行政机关：不属于本机关管辖"),
)


def decision_basis_choices(matter) -> list[tuple[str, str]]:
    """What the decision form offers as its 依据: the matter's provisions, then the no-penalty and transfer bases."""
    return [*(basis_choices(matter) if matter is not None else []), *OTHER_DECISION_BASES]
