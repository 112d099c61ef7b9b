"""Where one benchmark operation spends its time, on a database loaded by run.py.

Usage: python benchmarks/where_time_goes.py [--db postgres|sqlite] [--suite interventions|assets] [--reps 30]
                                           [--top 40] [--sort tottime] [--dump FILE] OPERATION...
OPERATION is a name from benchmarks/interventions.py (`request_detail_html`, `wo_list_3_filters_api`, ...), or with
`--suite assets` from benchmarks/assets_tree.py's pages (`html_detail_page`, `html_list_page`, ...) on the database
that script loaded.
Prints, per operation: the median time, the queries per call and the time spent in the database per call
(measured around each query), the slowest queries, then the cProfile functions (stdlib, no extra dependency).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.run import bench_env


class QueryTimer:
    """A connection execute wrapper that counts the queries and adds up their time, per SQL text."""

    def __init__(self):
        self.calls = 0
        self.seconds = 0.0
        self.by_sql = defaultdict(lambda: [0, 0.0])

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.calls += 1
            self.seconds += elapsed
            entry = self.by_sql[sql]
            entry[0] += 1
            entry[1] += elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("operations", nargs="+")
    parser.add_argument("--db", default="postgres", choices=["postgres", "sqlite"])
    parser.add_argument("--suite", default="interventions", choices=["interventions", "assets"])
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
    parser.add_argument("--queries", type=int, default=8, help="how many of the slowest queries to print")
    parser.add_argument("--dump", help="also write the cProfile stats to this file (OPERATION appended), for pstats")
    args = parser.parse_args()
    os.environ.update(bench_env(args.db))

    from django.db import connection

    if args.suite == "assets":
        import django

        django.setup()
        from benchmarks.assets_tree import bench_scope, page_operations

        ops = page_operations(*bench_scope())
    else:
        from benchmarks.interventions import loaded_orgs, operations

        ops, _scope = operations(loaded_orgs())
    unknown = [name for name in args.operations if name not in ops]
    if unknown:
        parser.error(f"unknown operation(s) {unknown}; known: {sorted(ops)}")
    for name in args.operations:
        fn = ops[name]
        fn()  # warm caches (templates, URL resolvers, prepared plans)
        samples, cpu = [], []
        for _ in range(args.reps):
            started, started_cpu = time.perf_counter(), time.process_time()
            fn()
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            for _ in range(args.reps):
                fn()
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.reps):
            fn()
        profile.disable()
        if args.dump:
            profile.dump_stats(f"{args.dump}.{name}")
        print(
            f"== {name} on {connection.vendor}: median {statistics.median(samples):.2f} ms over {args.reps} calls, "
            f"{statistics.median(cpu):.2f} ms of it on this process's CPU (the rest: waiting, mostly on the database)"
        )
        print(
            f"   {timer.calls / args.reps:.1f} queries per call, {timer.seconds * 1000 / args.reps:.2f} ms per call "
            "in the database (driver included)"
        )
        slowest = sorted(timer.by_sql.items(), key=lambda item: -item[1][1])[: args.queries]
        for sql, (calls, seconds) in slowest:
            print(f"   {seconds * 1000 / args.reps:6.2f} ms  ×{calls / args.reps:.1f}  {sql[:220]}")
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
