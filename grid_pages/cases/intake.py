"""Request handling of the intake pages (suggestion box, repair requests).

Kept apart from models.py so that the page classes stay declarations; this module imports
models lazily.
"""


class IntakePageMixin:
    """Form-builder page whose submissions become cases (see services.submit_case)."""
