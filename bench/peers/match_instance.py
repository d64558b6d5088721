"""Writes a random instance of `autour match` (the format the README gives) to stdout.
Usage: match_instance.py NEEDS RESOURCES ARCS SEED [MAX_COST=1000] [FAMILY=plentiful]
Every need gets at least one arc; demands 1–3, capacities 1–3, costs 0–MAX_COST. Families:
plentiful (arcs reach every resource), scarce (arcs reach only the first resources, whose
capacities add up to half the demand), equal (every cost is MAX_COST), huge (costs up to 10^9)."""
import json
import random
import sys

needs, resources, arcs, seed = (int(x) for x in sys.argv[1:5])
max_cost = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
family = sys.argv[6] if len(sys.argv) > 6 else "plentiful"
if family == "huge":
    max_cost = 10**9
rng = random.Random(seed)
out = {
    "needs": [{"id": f"n{i}", "demand": rng.randint(1, 3)} for i in range(needs)],
    "resources": [{"id": f"r{j}", "capacity": rng.randint(1, 3)} for j in range(resources)],
    "arcs": [],
}
reachable = resources
if family == "scarce":
    demand, capacity, reachable = sum(n["demand"] for n in out["needs"]), 0, 0
    while capacity < demand // 2:
        capacity += out["resources"][reachable]["capacity"]
        reachable += 1
for k in range(arcs):
    need = k if k < needs else rng.randrange(needs)
    cost = max_cost if family == "equal" else rng.randint(0, max_cost)
    out["arcs"].append({"need": f"n{need}", "resource": f"r{rng.randrange(reachable)}", "cost": cost})
json.dump(out, sys.stdout, separators=(",", ":"))
