"""Keep grid groups in step with assignments, staff accounts and community pages.

Assignments are modelcluster children: publishing a page re-saves and deletes them, so
post_save/post_delete on GridAssignment fire then too, and rights follow the published
assignments (a draft changes nothing). Each sync is idempotent, so repeats are harmless.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from grid_pages.models import CommunityPageMixin, GridAssignment, StaffMember
from grid_pages.signals import assignments_changed

from . import services


def assignment_changed(sender, instance, **kwargs):
    services.sync_page_access(instance.page_id)


def assignments_written(sender, page_ids, **kwargs):
    services.sync_pages_access(page_ids)


def staff_before_save(sender, instance, **kwargs):
    # Remember the previous account so that unlinking it takes its rights away too.
    if instance.pk:
        instance._grid_old_user_id = (
            StaffMember.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
        )


def staff_saved(sender, instance, **kwargs):
    if getattr(instance, "_grid_old_user_id", None) != instance.user_id:
        page_ids = instance.assignments.values_list("page_id", flat=True).distinct()
        for page_id in page_ids:
            services.sync_page_access(page_id)


def page_saved(sender, instance, **kwargs):
    if isinstance(instance, CommunityPageMixin) and not kwargs.get("raw"):
        services.assign_grid_workflow(instance)


def role_rights_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        services.sync_role_access(instance.role)


def connect():
    from .models import RoleRights

    post_save.connect(role_rights_changed, sender=RoleRights, dispatch_uid="grid_access_rights_saved")
    post_delete.connect(role_rights_changed, sender=RoleRights, dispatch_uid="grid_access_rights_deleted")
    post_save.connect(assignment_changed, sender=GridAssignment, dispatch_uid="grid_access_assignment_saved")
    post_delete.connect(assignment_changed, sender=GridAssignment, dispatch_uid="grid_access_assignment_deleted")
    assignments_changed.connect(assignments_written, dispatch_uid="grid_access_assignments_written")
    pre_save.connect(staff_before_save, sender=StaffMember, dispatch_uid="grid_access_staff_before_save")
    post_save.connect(staff_saved, sender=StaffMember, dispatch_uid="grid_access_staff_saved")
    post_save.connect(page_saved, dispatch_uid="grid_access_page_saved")
