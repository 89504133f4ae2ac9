from django.db import migrations

NAME = "行政处罚案卷评查标准"
ITEM = "F3"  # 一案一卷，文书排列有序，页码连续，送达回证齐全
CODES = ["SAMR-78-REQUIRED-DOCUMENTS", "EVAL-CASE-FILE-DOCUMENTS"]


def add_document_rules(apps, schema_editor):
    """The shipped rubric's 立卷 item F3 promised 文书齐全 and 送达回证齐全 but only checked order, page numbers and
    the receipts of documents already issued: an empty file got full marks. Its versions in the database learn
    the case-file completeness rules (a fresh database gets them from default_rubric.py)."""
    RubricItem = apps.get_model("evaluation", "RubricItem")
    for item in RubricItem.objects.filter(rubric__name=NAME, code=ITEM):
        missing = [code for code in CODES if code not in item.rule_codes]
        if missing:
            item.rule_codes = [*item.rule_codes, *missing]
            item.save(update_fields=["rule_codes"])


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_bands_and_bonus_items")]

    operations = [migrations.RunPython(add_document_rules, migrations.RunPython.noop)]
