"""Writes a random instance of `autour match` (the format the README gives) to stdout.
Usage: match_instance.py NEEDS RESOURCES ARCS SEED [MAX_COST=1000]
Every need gets at least one arc; demands 1–3, capacities 1–3, costs 0–MAX_COST."""
import json
import random
import sys

needs, resources, arcs, seed = (int(x) for x in sys.argv[1:5])
max_cost = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
rng = random.Random(seed)
out = {
    "needs": [{"id": f"n{i}", "demand": rng.randint(1, 3)} for i in range(needs)],
    "resources": [{"id": f"r{j}", "capacity": rng.randint(1, 3)} for j in range(resources)],
    "arcs": [],
}
for k in range(arcs):
    need = k if k < needs else rng.randrange(needs)
    out["arcs"].append({"need": f"n{need}", "resource": f"r{rng.randrange(resources)}", "cost": rng.randint(0, max_cost)})
json.dump(out, sys.stdout, separators=(",", ":"))
