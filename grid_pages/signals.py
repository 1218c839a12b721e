"""Signals of the grid core that sub-apps and host sites may listen to.

``content_changed`` is sent after writes that bypass model signals (bulk imports,
``QuerySet.update``), so caches keyed on what public pages show can drop their copies.
Model saves and deletes, and Wagtail's page signals, need no extra call.
"""

from django.dispatch import Signal

# Sent with ``sender`` the model class (or the module) that wrote in bulk.
content_changed = Signal()

# Sent inside the writing transaction, with ``page_ids``, after grid assignments of those pages
# were written in bulk (no post_save per row), so that what is derived from them (the local
# roles' groups of ``grid_pages.access``) is brought in step once per page.
assignments_changed = Signal()
