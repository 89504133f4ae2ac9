"""Documents state every element the law requires (行政处罚法第四十四条、第五十九条): the provision violated and
the penalty provision, the evidence, the named 复议机关 and court, the party addressed as 你 or 你单位, the
surcharge warning once.

Each built-in document type gets the catalogue's current fields, and each template whose latest version is still a
built-in one (not revised by an administrator) gets the catalogue's body as its next version. Issued documents keep
the version they used; a template an administrator revised is left alone.
"""

from django.db import migrations

CHANGED = ("xzcf_jds", "byxzcf_jds", "dcxzcf_jds", "sxgz_s", "sxgz_s_tz", "tz_gzs", "tz_tzs", "xw_tzs", "zlgz_tzs",
           "cfky_jds", "lxcg_s")  # fmt: skip


def forward(apps, schema_editor):
    from documents.catalogue import SPEC_BY_CODE, transition_body

    DocumentType = apps.get_model("documents", "DocumentType")
    TemplateVersion = apps.get_model("documents", "TemplateVersion")
    for code in CHANGED:
        spec = SPEC_BY_CODE[code]
        dtype = DocumentType.objects.filter(code=code).first()
        if dtype is None:
            continue
        dtype.fields = [f.as_dict() for f in spec.fields]
        dtype.save(update_fields=["fields"])
        for variant, body in (("standard", spec.body), ("transition", transition_body(spec.body))):
            latest = TemplateVersion.objects.filter(document_type=dtype, variant=variant).order_by("-version").first()
            if latest is None or latest.created_by_id is not None or latest.body == body:
                continue
            TemplateVersion.objects.create(
                document_type=dtype,
                variant=variant,
                version=latest.version + 1,
                body=body,
                note="载明违法条款、处罚依据、证据、复议机关和法院；按当事人类型称“你”或“你单位”",
            )


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_policy_periods_in_templates"), ("org", "0004_unit_document_settings")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
