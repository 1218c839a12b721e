"""Factories for culture activities; trees are built with ``parent=``."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from grid_pages.activities.models import ActivityIndexPage, ActivityPage


class ActivityIndexPageFactory(wagtail_factories.PageFactory):
    title = "社区文化活动"
    slug = "activities"

    class Meta:
        model = ActivityIndexPage


class ActivityPageFactory(wagtail_factories.PageFactory):
    """An activity starting ``days`` from now (negative: in the past), lasting two hours."""

    class Params:
        days = 3

    title = factory.Sequence(lambda n: f"文化活动{n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    start = factory.LazyAttribute(lambda o: timezone.now() + datetime.timedelta(days=o.days))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    place = "党员工作站"
    organiser = "社区团委"

    class Meta:
        model = ActivityPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tag_names(obj, create, extracted, **kwargs):
        if extracted:
            obj.tags.add(*extracted)
            if create:
                obj.save()
