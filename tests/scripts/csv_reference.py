"""Reads a CSV file with Python's csv module, the reference for tst_CsvReader.

usage: csv_reference.py FILE
prints a JSON list, one entry per record (blank lines left out):
  {"fields": [...], "last_line": <line the record ends on, from 1>}
"""
import csv
import json
import sys

with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    reader = csv.reader(f)
    rows = []
    for row in reader:
        if row:
            rows.append({"fields": row, "last_line": reader.line_num})
print(json.dumps(rows))
