# The six average wages seeded by 0005 named a bureau's bulletin as their source although none was
# read: they were figures remembered when the table was code. A search of the stored public pages
# on 2026-12-07 (江苏/四川/湖南 统计局, 2024 年城镇非私营单位就业人员年平均工资 and 全口径城镇单位
# 就业人员平均工资) found no bulletin of any of the three provinces for 2024 or 2025 — only
# third-party pages and older years. So the rows keep their amounts, stay unverified, and their
# source now says so, for an administrator to replace with the bulletin's figure and citation on
# /disputes/average-wages/. A row someone has since saved (updated_by set) is left alone.

from django.db import migrations

SEEDED = {
    ("32", 2024): ("江苏省统计局 2024 年城镇非私营单位平均工资", "江苏省统计局"),
    ("32", 2025): ("江苏省统计局 2025 年城镇非私营单位平均工资", "江苏省统计局"),
    ("51", 2024): ("四川省统计局 2024 年城镇非私营单位平均工资", "四川省统计局"),
    ("51", 2025): ("四川省统计局 2025 年城镇非私营单位平均工资", "四川省统计局"),
    ("43", 2024): ("湖南省统计局 2024 年城镇非私营单位平均工资", "湖南省统计局"),
    ("43", 2025): ("湖南省统计局 2025 年城镇非私营单位平均工资", "湖南省统计局"),
}


def unchecked(year: int, bureau: str) -> str:
    return f"未核实的估计值（未找到{bureau}公布的 {year} 年平均工资，待按公报核对并注明出处）"


def relabel(apps, schema_editor):
    AverageWage = apps.get_model("disputes", "AverageWage")
    rows = AverageWage._base_manager.using(schema_editor.connection.alias)
    for (code, year), (old, bureau) in SEEDED.items():
        rows.filter(
            region_code=code, year=year, source=old, verified=False, updated_by__isnull=True
        ).update(source=unchecked(year, bureau))


def restore(apps, schema_editor):
    AverageWage = apps.get_model("disputes", "AverageWage")
    rows = AverageWage._base_manager.using(schema_editor.connection.alias)
    for (code, year), (old, bureau) in SEEDED.items():
        rows.filter(
            region_code=code, year=year, source=unchecked(year, bureau), updated_by__isnull=True
        ).update(source=old)


class Migration(migrations.Migration):
    dependencies = [("disputes", "0006_agent_withdrawn")]

    operations = [migrations.RunPython(relabel, restore)]
