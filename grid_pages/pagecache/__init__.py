"""A page cache for anonymous GET/HEAD requests of public pages, never stale.

See ``docs/performance.md`` (Page cache): a generation number that every write
bumps, read per request at the cost of one ``stat`` (or one Redis GET), and a
validity moment computed from the data (scheduled notices, activities, sessions).
"""

from .generation import bump  # noqa: F401
