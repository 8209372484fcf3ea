"""`make bench`: run every benchmark script in this folder and print its figures.

Each tests/bench/bench_<area>.py sets up its own data and prints what it
measured; each runs in its own process. A script that exits non-zero (an
error, or a goal it measured and missed) is listed at the end. They are
scripts, not tests."""

import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    only = set(sys.argv[1:])
    failed = []
    for name in names:
        if only and name not in only and name.removeprefix("bench_") not in only:
            continue
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        # Its own process: each script configures Django (and some their own
        # database) once, which one shared process could not undo.
        result = subprocess.run(  # noqa: S603 - our own module, our interpreter
            [sys.executable, "-m", f"tests.bench.{name}"],
            check=False,
            # Figures, not the INFO chatter of tasks and PDF layout.
            env={**os.environ, "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING")},
        )
        if result.returncode != 0:
            print(f"{name} exited with {result.returncode}")
            failed.append(name)
        print(f"({name} took {time.perf_counter() - started:.1f} s)", flush=True)
    if failed:
        print(f"\nNot clean: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
