"""The timing rule of the in-process peer scripts (productivity_polars.py, account_polars.py): run a job
`runs` times for each output format and print its best and median wall time, as Benchmarks/README.md reports."""
import statistics
import time


def report(name, job, runs, formats=("csv", "json")):
    for fmt in formats:
        times = []
        rows = 0
        for _ in range(runs):
            start = time.perf_counter()
            rows = job(fmt)
            times.append(time.perf_counter() - start)
        print(f"{name} {fmt}: best {min(times):.3f} s, median {statistics.median(times):.3f} s, {rows} rows")
