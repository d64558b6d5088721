"""Checks outputs of `autour basins` and of its peer against the graph, with igraph's own
modularity: every commune in exactly one community, every community connected.
Prints one JSON line per output: {"file", "modularity", "communities", "connected"}.

Usage: check_basins.py IN.csv RESOLUTION OUT.json [OUT.json…]
"""
import csv
import json
import sys

import igraph

with open(sys.argv[1], newline="") as f:
    reader = csv.reader(f)
    next(reader)
    graph = igraph.Graph.TupleList(((a, b, int(w)) for a, b, w in reader), weights=True)
resolution = float(sys.argv[2])
index = {name: i for i, name in enumerate(graph.vs["name"])}
for path in sys.argv[3:]:
    communities = json.load(open(path))["communities"]
    membership = [-1] * graph.vcount()
    for number, community in enumerate(communities):
        for code in community:
            assert membership[index[code]] == -1, f"{path}: {code} in two communities"
            membership[index[code]] = number
    assert -1 not in membership, f"{path}: a commune of the graph is in no community"
    connected = all(graph.induced_subgraph(c).is_connected() for c in igraph.VertexClustering(graph, membership))
    q = graph.modularity(membership, weights="weight", resolution=resolution)
    print(json.dumps({"file": path, "modularity": q, "communities": len(communities), "connected": connected}))
