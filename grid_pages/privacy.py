"""Students' contact details on public pages: the minimum necessary (PIPL).

Room heads are students, not staff. To visitors who are not signed-in staff a room head is
shown as surname + 同学 with a masked mobile number (138****8031) and no e-mail; staff see
everything, and so do the sheets they print. ``GRID_PAGES_MASK_STUDENT_CONTACTS = False``
turns masking off.

Anonymous pages stay free of per-user state, so a page cache may share them: a request
without a session cookie is masked without opening the session; only a request that carries
one has its user looked at (which makes that response vary on the cookie).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import conf

# Two-character surnames common enough to matter; anything else keeps its first character.
COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 轩辕 呼延 万俟 澹台 公冶 申屠"
).split()


def mask_phone(phone):
    """138 0013 8031 -> 138****8031: the first three and last four digits of a long number,
    nothing of a short one."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 13 and digits.startswith("86"):  # +86 before a mainland mobile number
        digits = digits[2:]
    if len(digits) < 8:
        return "****" if digits else ""
    return f"{digits[:3]}****{digits[-4:]}"


def surname(name):
    name = (name or "").strip()
    if not name:
        return ""
    if re.match(r"[A-Za-z]", name):  # "Li Lei": the family name is the last word
        return name.split()[-1]
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    return name[0]


@dataclass(frozen=True)
class MaskedPerson:
    """What a visitor sees of a student: duck-types StaffMember for the person templates."""

    name: str
    position: str
    phone: str
    office: str
    email: str = ""
    masked: bool = True

    # Already in the reader's language (taken from the person's shown texts).
    @property
    def shown_position(self):
        return self.position

    @property
    def shown_office(self):
        return self.office


def sees_full_contacts(request):
    """Whether ``request`` comes from signed-in staff. No session cookie: no (the session is
    not opened)."""
    if not conf.get("MASK_STUDENT_CONTACTS"):
        return True
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"))


def student_contact(person, request):
    """``person`` as ``request`` may see them when they appear as a student (a room head)."""
    if person is None or sees_full_contacts(request):
        return person
    return MaskedPerson(
        name=_("%(surname)s (student)") % {"surname": surname(person.name)},
        position=person.shown_position or "",
        phone=mask_phone(person.phone),
        office=person.shown_office or "",
    )
