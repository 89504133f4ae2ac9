from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The 示范县 demo data (``manage.py load_demo``): it drives the whole system through its services as users
    would, so it sits above every other module."""

    name = "casemgmt.demo"
    label = "demo"
    verbose_name = "演示数据"
