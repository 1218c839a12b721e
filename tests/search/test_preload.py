"""gunicorn.conf.py loads the segmenter in the master, before the workers are forked."""

import gc
import logging
import runpy
from pathlib import Path

import pytest

from search import segment
from tests.factories import BuildingPageFactory

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"

# transaction=True: the hook closes the database connections, as it must before forking.
pytestmark = pytest.mark.django_db(transaction=True)


class Server:
    """What gunicorn passes to its hooks, as far as ours uses it."""

    log = logging.getLogger("gunicorn.error")


@pytest.fixture
def fresh_segmenter(monkeypatch):
    """A process that has not segmented anything yet."""
    monkeypatch.setattr(segment, "_tokenizer", None)
    monkeypatch.setattr(segment, "_campus_pid", None)


def start_master():
    config = runpy.run_path(str(CONF))
    try:
        config["when_ready"](Server())
    finally:
        gc.unfreeze()
    return config


def test_the_master_loads_the_segmenter_and_the_campus_names_before_forking(campus, fresh_segmenter):
    assert not segment.is_loaded()
    config = start_master()
    assert config["preload_app"] is True
    assert segment.is_loaded()
    tokenizer = segment.get_tokenizer()
    assert tokenizer.FREQ.get("庠园") == segment.CAMPUS_FREQ  # from 庠园社区 in the database
    assert segment.query_terms("庠园3栋楼长") == ["庠园", "3", "栋", "楼长"]


def test_a_worker_forked_later_learns_the_buildings_added_since_the_master_started(campus, fresh_segmenter):
    start_master()
    BuildingPageFactory(parent=campus["xiangyuan"], title="博雅楼", short_number="9", slug="boya")
    # As in a worker that did not index it: the word unknown, the names read by another process.
    for word in ("博雅楼", "博雅"):
        segment.get_tokenizer().FREQ.pop(word, None)
    segment._campus_pid = -1
    assert segment.get_tokenizer().FREQ.get("博雅楼") == segment.CAMPUS_FREQ
    assert segment.query_terms("博雅楼502") == ["博雅楼", "502"]
