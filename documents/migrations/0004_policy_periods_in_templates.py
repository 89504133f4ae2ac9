"""Templates state periods and rates from the procedure policy instead of fixed words.

For each template (type × variant) whose latest version still contains one of the fixed sentences, save a next
version with the sentence replaced by the policy value; issued documents keep the version they used, and a
template an administrator rewrote without the sentence is left alone.
"""

from django.db import migrations

REPLACEMENTS = {
    "xxdjbc_tzs": [("本机关将在七个工作日内作出处理决定", "本机关将在{{ preservation_period }}内作出处理决定")],
    "cfky_jds": [
        (
            "可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法向人民法院提起行政诉讼",
            "可以在收到本决定书之日起{{ reconsideration_period }}内申请行政复议，"
            "或者在{{ litigation_period }}内依法向人民法院提起行政诉讼",
        )
    ],
    "xzcf_jds": [("每日按罚款数额的百分之三加处罚款", "每日按罚款数额的{{ surcharge_rate }}加处罚款")],
}


def forward(apps, schema_editor):
    TemplateVersion = apps.get_model("documents", "TemplateVersion")
    for code, pairs in REPLACEMENTS.items():
        for variant in ("standard", "transition"):
            latest = (
                TemplateVersion.objects.filter(document_type__code=code, variant=variant).order_by("-version").first()
            )
            if latest is None:
                continue
            body = latest.body
            for old, new in pairs:
                body = body.replace(old, new)
            if body != latest.body:
                TemplateVersion.objects.create(
                    document_type_id=latest.document_type_id,
                    variant=variant,
                    version=latest.version + 1,
                    body=body,
                    note="期限、比例取自程序参数",
                )


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_document_scan"), ("cases", "0003_policy_document_periods")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
