"""Capacity holds when many students book at the same moment (real threads, real commits)."""

import threading

import pytest
from django.db import connections

from grid_pages.reception import services
from grid_pages.reception.models import Booking

THREADS = 10


def run_in_threads(target, count):
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_ten_students_three_places(campus, shared_database):
    from tests.reception.factories import ReceptionPageFactory, ReceptionSessionFactory

    page = ReceptionPageFactory(parent=campus["home"])
    session = ReceptionSessionFactory(page=page, capacity=3)

    def attempt(i):
        return services.book(
            session, name=f"学生{i}", student_number=f"20240{i:05d}", room="庠园3栋502", topic="宿舍维修"
        )

    results = run_in_threads(attempt, THREADS)
    booked = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, services.SessionFull)]
    assert len(booked) == 3, results
    assert len(refused) == THREADS - 3, results
    assert Booking.objects.filter(session=session).count() == 3
    assert len({b.code for b in booked}) == 3


@pytest.mark.django_db(transaction=True)
def test_ten_students_one_slot(campus, shared_database):
    import datetime

    from tests.reception.factories import ReceptionPageFactory, ReceptionSessionFactory

    page = ReceptionPageFactory(parent=campus["home"])
    session = ReceptionSessionFactory(
        page=page, capacity=None, slot_minutes=30, start_time=datetime.time(9, 0), end_time=datetime.time(10, 0)
    )
    slot = session.slots.order_by("starts").first()

    def attempt(i):
        return services.book(
            session, slot, name=f"学生{i}", student_number=f"20241{i:05d}", room="沁园3栋101", topic="奖学金"
        )

    results = run_in_threads(attempt, THREADS)
    booked = [r for r in results if isinstance(r, Booking)]
    assert len(booked) == 1, results
    assert all(isinstance(r, services.SlotTaken) for r in results if r not in booked), results
    assert Booking.objects.filter(slot=slot).count() == 1
