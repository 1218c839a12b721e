"""Admin wiring of the cases app: the moderation queue, the matter list and reply templates."""

from . import sections  # noqa: F401  (registers the grid page sections)
