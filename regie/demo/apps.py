from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo agglomeration (`manage.py demo`): builds on every other app, so it comes last."""

    name = "regie.demo"
    label = "demo"
