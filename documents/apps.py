from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    label = "documents"
    verbose_name = "执法文书"

    def ready(self) -> None:
        from reportlab import rl_config

        # Binary (Flate-only) PDF streams instead of ASCII85 text on top: every PDF reader takes both, ASCII85 only
        # makes each stream a quarter larger and costs an encode per render and a decode per page merged into a
        # case file. Set here, before any document, case file or report is drawn.
        rl_config.useA85 = 0
        from casemgmt.cases.hooks import register_case_file_builder, register_recorded_files, register_text_source

        from . import checks, rules  # noqa: F401  rules: registers the case-file completeness rules
        from .casefile import build_case_file
        from .integrity import recorded_files
        from .texts import case_text_parts

        register_text_source(case_text_parts)
        register_case_file_builder(build_case_file)
        register_recorded_files(recorded_files)
