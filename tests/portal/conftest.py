import socket
import subprocess
import sys
import time

import pytest

from . import BASE_DIR, django_env, run_django


@pytest.fixture(scope="session")
def migrated_file_db(tmp_path_factory):
    """A SQLite file on which only `manage.py migrate` ran (no createcachetable, no seed),
    plus a superuser admin/admin-pass-1: the database servers started by a test share."""
    path = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    url = f"sqlite:///{path}"
    result = run_django(
        "from django.core.management import call_command\n"
        "from django.contrib.auth import get_user_model\n"
        "call_command('migrate', verbosity=0)\n"
        "get_user_model().objects.create_superuser('admin', 'admin@example.edu.cn', 'admin-pass-1')\n",
        timeout=300,
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=url,
    )
    assert result.returncode == 0, result.stderr
    return url


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


@pytest.fixture
def start_server():
    """Start `manage.py runserver --noreload` processes on free ports; returns their base URLs."""
    processes = []

    def _start(**env):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=django_env(**env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        processes.append(process)
        wait_for_port(port, process)
        return f"http://127.0.0.1:{port}"

    yield _start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
