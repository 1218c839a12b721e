"""Run every benchmark in this folder, one process each (each builds its own scratch database)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Slow benches with their own make targets (bench-throughput, bench-memory, bench-load); queue_plans
# needs a database made by cases_bench.
SLOW = {"throughput.py", "memory.py", "submit_load.py", "queue_plans.py"}

if __name__ == "__main__":
    status = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name in {"run.py", "__init__.py", *SLOW} or script.name.startswith("_"):
            continue
        print(f"\n===== {script.name} =====", flush=True)
        status |= subprocess.call([sys.executable, str(script)])
    sys.exit(status)
