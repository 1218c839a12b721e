"""Chinese word segmentation shared by indexing and querying.

Both sides must cut text the same way, so both go through this module:
``index_text`` for what is stored, ``query_terms`` for what is looked up.
jieba runs without its HMM new-word guesser (``HMM=False``): the guesser
depends on the surrounding text, so 庠园 in a title and 庠园 typed alone could
otherwise be cut differently. Unknown characters then fall apart into single
characters on both sides alike, and the campus's own words (roles, community
and building names) come from a user dictionary.
"""

import logging
import os
import re
import threading
import unicodedata

from django.conf import settings

# Runs of word characters: what FTS5's unicode61 tokenizer and PostgreSQL's parser
# both keep. Everything else (quotes, *, NEAR(, -, NUL) is dropped from queries.
_WORD = re.compile(r"\w+")
_HAS_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ALL_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")

ROLE_WORDS = ["社区长", "楼长", "层长", "寝室长", "辅导员", "宿管员", "网格员", "党支部书记"]

CAMPUS_FREQ = 50000

_lock = threading.Lock()
_tokenizer = None
_campus_pid = None  # the process that read the campus's names into _tokenizer


def _campus_words():
    """Community and building names and short names from the database, bounded."""
    from django.db import DatabaseError

    from grid_pages.models import BuildingPage, CommunityPage

    limit = getattr(settings, "SEARCH_USER_DICT_LIMIT", 5000)
    words = set()
    try:
        for title, short_name in CommunityPage.objects.values_list("title", "short_name")[:limit]:
            words.update((title, short_name))
        for (title,) in BuildingPage.objects.values_list("title")[:limit]:
            words.add(title)
    except DatabaseError:  # tables not migrated yet (first migrate, checks)
        pass
    return {w.strip() for w in words if w and _HAS_HAN.search(w) and len(w.strip()) <= 20}


def _base_tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in ROLE_WORDS + list(getattr(settings, "SEARCH_EXTRA_WORDS", [])):
        tokenizer.add_word(word, freq=100000)
    return tokenizer


def get_tokenizer():
    """The process's jieba tokenizer: its dictionary loaded on first use, or before the fork
    (``preload``). The campus's names are read once per process, so a worker forked from a
    long-running master still learns the buildings added since the master started."""
    global _tokenizer, _campus_pid
    if _tokenizer is None or _campus_pid != os.getpid():
        with _lock:
            if _tokenizer is None:
                _tokenizer = _base_tokenizer()
            if _campus_pid != os.getpid():
                for word in _campus_words():
                    add_word(word, _tokenizer)
                _campus_pid = os.getpid()
    return _tokenizer


def preload():
    """Load the dictionary and the campus's names now, in the gunicorn master before it forks
    (gunicorn.conf.py): the workers then share the ~70 MiB copy-on-write instead of each
    loading its own on its first search. The caller closes the database connection used."""
    return get_tokenizer()


def is_loaded():
    return _tokenizer is not None


def add_word(word, tokenizer=None):
    """Teach the segmenter a campus name and its stem: 庠园社区 -> 庠园社区, 庠园; 博雅楼 -> 博雅楼, 博雅.

    Only runs of Chinese characters: 庠园3栋 as one word would hide 3栋 inside it
    (a notice about 庠园3栋停水 would not be found by 3栋停水), so it adds 庠园 alone.
    A word already known at that weight is left alone: a forked worker re-reading the
    campus's names writes nothing into the dictionary it shares with the master.
    """
    tokenizer = tokenizer or get_tokenizer()
    word = normalise(word).strip()
    stem = re.sub(r"[0-9a-z\s#-]+.*$", "", word)
    stem = re.sub(r"(?:社区|园区|校区|公寓|号楼|楼|栋|幢|座)$", "", stem)
    for candidate in {word, stem}:
        if len(candidate) >= 2 and _ALL_HAN.fullmatch(candidate) and tokenizer.FREQ.get(candidate) != CAMPUS_FREQ:
            tokenizer.add_word(candidate, freq=CAMPUS_FREQ)


def normalise(text):
    """Half-width (Ｗｉ－Ｆｉ -> Wi-Fi), printable, lower-cased."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(c if c.isprintable() else " " for c in text).lower()


def _cut(text, for_search):
    tokenizer = get_tokenizer()
    cut = tokenizer.cut_for_search if for_search else tokenizer.cut
    return [match for token in cut(text, HMM=False) for match in _WORD.findall(token)]


def index_text(text):
    """Text to store: words and their sub-words separated by spaces (学生宿舍 -> 学生 宿舍 学生宿舍)."""
    text = normalise(text)
    if not text.strip():
        return ""
    return " ".join(_cut(text, for_search=True))


def query_terms(text, max_terms=None):
    """The words a query must match, each once, in order; [] for punctuation only."""
    max_terms = max_terms or getattr(settings, "SEARCH_MAX_QUERY_TERMS", 12)
    terms = []
    for term in _cut(normalise(text), for_search=False):
        if term not in terms:
            terms.append(term)
    return terms[:max_terms]


def highlight_terms(text):
    """Words to mark in a result: the query's words and their sub-words."""
    return sorted({t for t in _cut(normalise(text), for_search=True) if t.strip()}, key=len, reverse=True)
