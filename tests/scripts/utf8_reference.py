"""Python's strict UTF-8 decoder as the reference for tst_Utf8.

usage: utf8_reference.py < lines of hex bytes (one byte string per line; "-" for empty)
prints one integer per line: the offset of the first invalid byte, or -1 when all is valid.
"""
import sys

for line in sys.stdin:
    text = line.strip()
    data = b"" if text == "-" else bytes.fromhex(text)
    try:
        data.decode("utf-8", errors="strict")
        print(-1)
    except UnicodeDecodeError as e:
        print(e.start)
