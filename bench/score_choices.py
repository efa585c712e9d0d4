#!/usr/bin/env python3
"""How often a stage-1 run's frame choices show a source of the clip (docs/demo-study.md, section 13).

    python3 bench/score_choices.py DEMO_OUT/world/manifest-train.jsonl WARMUP_EPOCHS RUN_DIR...

For runs trained outside `demo` (pretrain with options the demo does not run): the share of each
run's choices (RUN/choices.jsonl) whose frame is among the clip's visible_frames in the world
manifest, per epoch and after the warm-up epochs, computed as DemoAlignmentTruth::choiceAccuracy
does (frames at 1 fps), and the rate of a uniform draw. Needs python3 only.
"""
import json, sys
from collections import defaultdict
manifest, warmup, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
visible = {}
rate = []
for line in open(manifest):
    c = json.loads(line)
    v = set()
    for e in c.get('events', []):
        v.update(e.get('visible_frames', []))
    visible[c['id']] = v
    d = c.get('end', -1.0) - c.get('start', 0.0) if c.get('end', -1.0) >= 0 else -1.0
    n = max(1, round(max(0.0, d)))
    rate.append(len(v) / n)
print(f"uniform {100*sum(rate)/len(rate):.1f}")
for run in runs:
    per = defaultdict(lambda: [0, 0]); late = [0, 0]
    for line in open(run + '/choices.jsonl'):
        try: j = json.loads(line)
        except ValueError: continue
        if j['clip'] not in visible: continue
        hit = j['frame'] in visible[j['clip']]
        per[j['epoch']][0] += hit; per[j['epoch']][1] += 1
        if j['epoch'] >= warmup: late[0] += hit; late[1] += 1
    eps = ' '.join(f"{100*h/n:.1f}" for e, (h, n) in sorted(per.items()))
    print(f"{run}: after warm-up {100*late[0]/max(1,late[1]):.1f}  per epoch {eps}")
