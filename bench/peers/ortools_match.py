"""The peer of `autour match`: OR-Tools' SimpleMinCostFlow on the same JSON file, same model
(source → need with its demand, need → resource one unit per arc at its cost, resource → sink
with its capacity), solved for the largest flow at the least cost. Writes the same output format.
Usage: ortools_match.py IN.json OUT.json"""
import json
import sys

import numpy as np
from ortools.graph.python import min_cost_flow

with open(sys.argv[1]) as f:
    instance = json.load(f)
needs, resources, arcs = instance["needs"], instance["resources"], instance["arcs"]
need_index = {n["id"]: i for i, n in enumerate(needs)}
resource_index = {r["id"]: j for j, r in enumerate(resources)}
n, r, m = len(needs), len(resources), len(arcs)
source, sink = n + r, n + r + 1
tails = np.concatenate([np.full(n, source), [need_index[a["need"]] for a in arcs], n + np.arange(r)]).astype(np.int32)
heads = np.concatenate([np.arange(n), [n + resource_index[a["resource"]] for a in arcs], np.full(r, sink)]).astype(np.int32)
capacities = np.concatenate([[x["demand"] for x in needs], np.ones(m), [x["capacity"] for x in resources]]).astype(np.int64)
costs = np.concatenate([np.zeros(n), [a["cost"] for a in arcs], np.zeros(r)]).astype(np.int64)
flow = min_cost_flow.SimpleMinCostFlow()
flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
total = int(sum(x["demand"] for x in needs))
flow.set_node_supply(source, total)
flow.set_node_supply(sink, -total)
status = flow.solve_max_flow_with_min_cost()
assert status == flow.OPTIMAL, status
used = [k for k in range(m) if flow.flow(n + k) > 0]
with open(sys.argv[2], "w") as f:
    json.dump({"assignments": [{"need": arcs[k]["need"], "resource": arcs[k]["resource"]} for k in used],
               "assigned": len(used), "cost": flow.optimal_cost()}, f, separators=(",", ":"))
