"""Rules every act passes before its service writes: the procedure stage and the actor's role.

The statuses, procedures and roles of each action are declared once, in the action registry
(``casemgmt.cases.actions``); ``casemgmt.cases.services.base.act_begin`` checks them and refuses under these
rules. They have no check of their own over a recorded case (``audit=False``): the stage of a recorded act is
what the status history shows.
"""

from __future__ import annotations

from .core import LawFamily, rule

STAGE = "PROC-ACTION-STAGE"
PROCEDURE = "PROC-ACTION-PROCEDURE"
ROLE = "PROC-ACTION-ROLE"


@rule(
    code=STAGE,
    name="程序环节顺序",
    family=LawFamily.SYSTEM,
    message="该操作不属于案件当前所处的程序环节：须先完成法律规定的前置步骤",
    article="《行政处罚法》第五章第一节、第三节；《市场监督管理行政处罚程序规定》第三章",
    gates=(),
    audit=False,
)
def action_stage(facts, attempt):
    return ()


@rule(
    code=PROCEDURE,
    name="程序类型适用",
    family=LawFamily.SYSTEM,
    message="该操作不适用于本案的程序类型（普通程序/简易程序）",
    article="《行政处罚法》第五十一条、第五十四条",
    gates=(),
    audit=False,
)
def action_procedure(facts, attempt):
    return ()


@rule(
    code=ROLE,
    name="办理人员职务",
    family=LawFamily.SYSTEM,
    message="办理该操作须在本案所属执法主体或承办单位担任相应职务",
    article="《行政处罚法》第四十二条、第五十七条；《市场监督管理行政处罚程序规定》第十九条",
    gates=(),
    audit=False,
)
def action_role(facts, attempt):
    return ()
