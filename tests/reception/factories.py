"""Factories for reception days; dates default to next week so sessions are upcoming."""

import datetime

import factory
import wagtail_factories

from grid_pages.reception.models import Booking, ReceptionPage, ReceptionSession, new_booking_code, reception_now


class ReceptionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"院级领导接待日{n}")
    slug = factory.Sequence(lambda n: f"reception-{n}")

    class Meta:
        model = ReceptionPage


class ReceptionSessionFactory(factory.django.DjangoModelFactory):
    leader_name = factory.Sequence(lambda n: f"王{n}")
    leader_position = "经济学院党委副书记"
    date = factory.LazyFunction(lambda: reception_now().date() + datetime.timedelta(days=7))
    start_time = datetime.time(14, 0)
    end_time = datetime.time(16, 0)
    place = "庠园社区党团活动室"
    topics = "学业规划、宿舍生活"
    capacity = 3
    slot_minutes = None

    class Meta:
        model = ReceptionSession


class BookingFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"学生{n}")
    student_number = factory.Sequence(lambda n: f"2024{n:06d}")
    room = "庠园3栋502"
    topic = "想了解转专业政策"
    code = factory.LazyFunction(new_booking_code)

    class Meta:
        model = Booking
