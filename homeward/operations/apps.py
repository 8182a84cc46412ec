from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the platform: `homeward serve`, `homeward demo` and `homeward bench`.

    The top layer: it may import every app (the demo fills them all, the benchmarks measure
    them), and no app imports it.
    """

    name = "homeward.operations"
