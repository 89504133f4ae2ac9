"""Per-unit document settings: the 文号 代字, the 行政复议机关 and the court the party is told of.

Existing enforcement subjects get the defaults their documents implied so far (the people's government above them
and the county's basic court), so an administrator sees and can correct them; the 代字 stays empty, which keeps
today's numbers (short name + 综执 for a township).
"""

from django.db import migrations, models


SUBJECT_KINDS = ("township", "county_dept")
GOVERNMENT_KINDS = ("township", "county_gov")


def _above(units, unit):
    seen = set()
    while unit.parent_id is not None and unit.parent_id not in seen:
        seen.add(unit.parent_id)
        unit = units[unit.parent_id]
        yield unit


def fill_defaults(apps, schema_editor):
    Unit = apps.get_model("org", "Unit")
    units = {u.pk: u for u in Unit.objects.all()}
    for unit in units.values():
        if unit.kind not in SUBJECT_KINDS:
            continue
        above = list(_above(units, unit))
        government = next((u.name for u in above if u.kind in GOVERNMENT_KINDS), "")
        county = next((u.name for u in above if u.kind == "county_gov"), "")
        changed = []
        if not unit.reconsideration_body and government:
            unit.reconsideration_body = government
            changed.append("reconsideration_body")
        if not unit.court and county:
            unit.court = (county[: -len("人民政府")] if county.endswith("人民政府") else county) + "人民法院"
            changed.append("court")
        if changed:
            unit.save(update_fields=changed)


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0003_unit_credit_code_check'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalunit',
            name='court',
            field=models.CharField(blank=True, help_text='文书告知的提起行政诉讼的人民法院全称；留空时为所在县的基层人民法院（××县人民法院）', max_length=100, verbose_name='管辖法院'),
        ),
        migrations.AddField(
            model_name='historicalunit',
            name='number_prefix',
            field=models.CharField(blank=True, help_text='执法主体文号中的机关代字，按实际印发文书原样填写（如 城关镇综执、示县城关）；留空时乡镇为“简称+综执”，县级部门为简称', max_length=30, verbose_name='文号代字'),
        ),
        migrations.AddField(
            model_name='historicalunit',
            name='reconsideration_body',
            field=models.CharField(blank=True, help_text='文书告知的行政复议机关全称；留空时为县人民政府（单位树中的上级人民政府）', max_length=100, verbose_name='行政复议机关'),
        ),
        migrations.AddField(
            model_name='unit',
            name='court',
            field=models.CharField(blank=True, help_text='文书告知的提起行政诉讼的人民法院全称；留空时为所在县的基层人民法院（××县人民法院）', max_length=100, verbose_name='管辖法院'),
        ),
        migrations.AddField(
            model_name='unit',
            name='number_prefix',
            field=models.CharField(blank=True, help_text='执法主体文号中的机关代字，按实际印发文书原样填写（如 城关镇综执、示县城关）；留空时乡镇为“简称+综执”，县级部门为简称', max_length=30, verbose_name='文号代字'),
        ),
        migrations.AddField(
            model_name='unit',
            name='reconsideration_body',
            field=models.CharField(blank=True, help_text='文书告知的行政复议机关全称；留空时为县人民政府（单位树中的上级人民政府）', max_length=100, verbose_name='行政复议机关'),
        ),
        migrations.RunPython(fill_defaults, migrations.RunPython.noop),
    ]
