"""`make bench`: run every benchmark script in this folder and print its figures.

Each tests/bench/bench_<area>.py has a main() that sets up its own data and
prints what it measured. They are scripts, not tests."""

import importlib
import pkgutil
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
        try:
            importlib.import_module(f"tests.bench.{name}").main()
        except Exception as exc:  # noqa: BLE001 - report and go on to the next script
            print(f"{name} failed: {exc!r}")
            failed.append(name)
        print(f"({name} took {time.perf_counter() - started:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
