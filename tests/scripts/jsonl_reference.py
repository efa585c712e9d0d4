"""Python's json module as the reference for tst_JsonlManifest.

usage: jsonl_reference.py read FILE
  prints a JSON list of the objects on FILE's non-blank lines, as Python reads them.
usage: jsonl_reference.py write FILE
  writes a SoundFrame JSONL manifest the way another tool might (keys in another order,
  integers for times, \\u escapes, astral characters, extra keys, CRLF line ends, blank lines)
  and prints the clips it holds as a JSON list.
"""
import json
import sys

mode, path = sys.argv[1], sys.argv[2]
if mode == "read":
    with open(path, encoding="utf-8") as f:
        print(json.dumps([json.loads(line) for line in f if line.strip()]))
    sys.exit(0)

clips = [
    {"split": "train", "captions": ["caf\u00e9 ambience", "a dog \U0001F415 barks"], "path": "media/dog 1.wav",
     "id": "dog-1", "start": 2, "end": 12, "labels": ["dog"], "comment": "extra key", "rank": 3,
     "events": [{"visible_frames": [0, 3], "end": 4.25, "label": "dog", "start": 1, "source": "x"}]},
    {"id": "rain \"heavy\"", "path": "/abs/rain.flac", "start": 0.1, "end": 0.30000000000000004,
     "captions": ["line\nbreak and tab\t and backslash \\"], "labels": [], "split": "test", "events": []},
    {"id": "\u96e8", "path": "sub/../\u96e8.ogg"},
]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("\r\n")
    for i, clip in enumerate(clips):
        f.write(json.dumps(clip, ensure_ascii=(i != 2)) + "\r\n")
        f.write("   \r\n")
print(json.dumps(clips))
