"""What the importer can read: the grid and staff files it ships, and kinds other apps register.

A sub-app adds a kind of file (the roster's students, say) without the importer knowing it: its
``wagtail_hooks`` registers ``register_grid_import_kind``, a function returning an ``ImportKindSpec``.
The upload page, the preview, the confirmation and ``ImportCommand`` then handle it like the
built-in kinds: the same reader (CSV in UTF-8 or GB18030, XLSX), the same plan with every error by
line, the same all-or-nothing apply.
"""

from dataclasses import dataclass, field

from wagtail import hooks

from .models import ImportKind


@dataclass(frozen=True)
class ImportKindSpec:
    """``plan(rows)`` returns a ``plan.Plan`` and writes nothing; ``apply(plan, user, progress)`` writes
    a plan without errors in one transaction. ``columns`` maps a column to its headers (Chinese and
    English), ``required`` names the columns a file must have; ``help`` lists them for the upload page."""

    value: str
    label: str
    columns: dict
    required: tuple
    plan: object
    apply: object
    help: str = ""
    order: int = field(default=100, compare=False)


def _builtin():
    from django.utils.translation import gettext_lazy as _

    from . import apply, plan, readers

    def apply_builtin(result, user=None, progress=None):
        apply.apply_plan(result, user=user, progress=progress)

    return [
        ImportKindSpec(
            ImportKind.GRID, ImportKind.GRID.label, readers.GRID_COLUMNS, readers.GRID_REQUIRED, plan.plan_grid, apply_builtin,
            _("Grid columns: 社区/community, 楼栋/building, 楼层/floor, 寝室/room, 床位/beds, 包干学院/college, 党员宿舍/plaque."), 10,
        ),
        ImportKindSpec(
            ImportKind.STAFF, ImportKind.STAFF.label, readers.STAFF_COLUMNS, readers.STAFF_REQUIRED, plan.plan_staff, apply_builtin,
            _("Staff columns: 姓名/name, 角色/role, 社区/community, 楼栋/building, 楼层/floor, 寝室/room, 电话/phone, 邮箱/email."), 20,
        ),
    ]


def import_kinds():
    """value -> ImportKindSpec, the built-in kinds first, then the registered ones by ``order``."""
    specs = _builtin() + [fn() for fn in hooks.get_hooks("register_grid_import_kind")]
    return {spec.value: spec for spec in sorted(specs, key=lambda spec: spec.order)}


def get_kind(value):
    """The spec of ``value``; KeyError when no app provides it (any more)."""
    return import_kinds()[value]


def kind_label(value):
    spec = import_kinds().get(value)
    return spec.label if spec else value
