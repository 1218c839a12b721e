"""Several server processes writing to one SQLite file at once must all succeed.

With SQLite's default deferred transactions a writer that read first cannot upgrade
its lock while another writes, and fails at once with "database is locked" whatever
the busy timeout; the settings' IMMEDIATE transactions, WAL and busy timeout make it wait.
"""

import sqlite3
import subprocess
import sys

from . import BASE_DIR, django_env, run_manage

WORKERS = 4
WRITES = 50

WORKER = """
import os, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction

User = get_user_model()
worker, writes, go = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.002)
for i in range(writes):
    with transaction.atomic():
        # Read, then write in the same transaction: the case deferred transactions get wrong.
        count = User.objects.filter(username__startswith=f"w{worker}-").count()
        User.objects.create(username=f"w{worker}-{count}", password="!")
"""


def test_concurrent_writers_never_hit_database_is_locked(tmp_path):
    db_path = tmp_path / "db.sqlite3"
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings.test", "DATABASE_URL": f"sqlite:///{db_path}"}
    # Only the tables the workers write to: the full migration takes longer than the test.
    migrated = run_manage("migrate", "auth", "--noinput", "-v0", **env)
    assert migrated.returncode == 0, migrated.stderr

    # Importing Django takes a while; once every worker is ready, all start writing together.
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(n), str(WRITES), str(go)],
            cwd=BASE_DIR,
            env=django_env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready", worker.communicate()[1]
    go.touch()
    outcomes = [(worker.communicate(timeout=60)[1], worker.returncode) for worker in workers]

    for stderr, returncode in outcomes:
        assert "database is locked" not in stderr
        assert returncode == 0, stderr
    with sqlite3.connect(db_path) as conn:
        usernames = {row[0] for row in conn.execute("SELECT username FROM auth_user")}
    assert usernames == {f"w{n}-{i}" for n in range(WORKERS) for i in range(WRITES)}
