"""The process record of a case's flow.

One ``CaseProcess`` row per case (viewflow's Process, extended by multi-table inheritance with the case link).
Each flow has its own proxy class, so viewflow's per-flow bookkeeping (permissions, coercion) stays separate
while both share one table that the case page can join to.
"""

from django.db import models
from viewflow.workflow.models import Process

FLOW_PERMISSIONS = ("add", "change", "delete", "view", "manage")


class CaseProcess(Process):
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="process", verbose_name="案件")

    class Meta:
        verbose_name = "案件流程"
        verbose_name_plural = "案件流程"
        # Flow classes add "manage" at import time; declared here so migrations do not depend on import order.
        default_permissions = FLOW_PERMISSIONS

    def __str__(self) -> str:
        return f"{self.flow_class.process_title if self.flow_class else '流程'}：{self.case}"


class OrdinaryCaseProcess(CaseProcess):
    class Meta:
        proxy = True
        verbose_name = "普通程序流程"
        verbose_name_plural = "普通程序流程"
        default_permissions = FLOW_PERMISSIONS


class SummaryCaseProcess(CaseProcess):
    class Meta:
        proxy = True
        verbose_name = "简易程序流程"
        verbose_name_plural = "简易程序流程"
        default_permissions = FLOW_PERMISSIONS
