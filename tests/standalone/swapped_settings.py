"""The standalone site with a base page of its own (``WAGTAIL_PAGE_MODEL``) and grid pages of its
own built from grid_pages' mixins (``GRID_PAGES_*_MODEL``): grid_pages' concrete community, building
and floor pages are swapped out, and every lookup finds the site's pages (render_check.py)."""

from .settings import *  # noqa: F401,F403
from .settings import INSTALLED_APPS

INSTALLED_APPS = ["tests.standalone.sitepage", "tests.standalone.sitegrid", *INSTALLED_APPS]

WAGTAIL_PAGE_MODEL = "sitepage.SitePage"
GRID_PAGES_COMMUNITY_MODEL = "sitegrid.Neighbourhood"
GRID_PAGES_BUILDING_MODEL = "sitegrid.Hall"
GRID_PAGES_FLOOR_MODEL = "sitegrid.Storey"
