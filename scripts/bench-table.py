#!/usr/bin/env python3
"""Prints a run report's timings as the benchmark table: seconds, records/s and MB/s per stage,
wall and CPU time, peak RSS and the record accounting.

Usage: bench-table.py REPORT_JSON TITLE SOURCE_BYTES
"""
import json
import sys

report = json.load(open(sys.argv[1]))
title, size_mb = sys.argv[2], int(sys.argv[3]) / 1e6
t = report["timings"]
n = report["totals"]["records_in"]
print(title)
print(f"{'stage':<10} {'seconds':>8} {'records/s':>12} {'MB/s':>8}")
for stage in t["stages"]:
    s = stage["seconds"]
    print(f"{stage['stage']:<10} {s:>8.2f} {n / s if s else 0:>12,.0f} {size_mb / s if s else 0:>8.1f}")
print(f"{'total':<10} {t['total_seconds']:>8.2f} {n / t['total_seconds']:>12,.0f} {size_mb / t['total_seconds']:>8.1f}")
print(f"peak RSS: {t.get('peak_rss_bytes', 0) / 2**20:.0f} MB · CPU: {t.get('cpu_seconds', 0):.2f} s")
tot = report["totals"]
print(f"records: {tot['records_in']:,} in = {tot['loaded']:,} loaded + {tot['merged']:,} merged + "
      f"{tot['rejected']:,} rejected; status {report['status']}")
print("(read and normalize run on the read-ahead thread, beside resolve; waiting is staging waiting for them;")
print(" validators and recheck run on their own thread beside load, which commits after them: total is less than the sum)")
