"""A synthetic co-use graph of the communes of France, for `bench/basins`.

PERSONS people are placed in communes by population; each uses its home commune and 1 to 6 others
drawn without replacement by a gravity model (population ÷ (distance + 2 km)², within 80 km).
An edge a,b weighs the number of people using both communes. With DEPARTEMENT, only that
département's communes are used. Writes the CSV `a,b,weight` that `autour basins` reads.

Usage: basins_graph.py COMMUNES.csv.gz OUT.csv [PERSONS=300000] [DEPARTEMENT] [SEED=1]
"""
import csv
import gzip
import sys

import numpy as np

source, out = sys.argv[1], sys.argv[2]
persons = int(sys.argv[3]) if len(sys.argv) > 3 else 300_000
departement = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
rng = np.random.default_rng(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
RADIUS_KM, CELL_KM, BATCH = 80.0, 80.0, 2000

codes, population, lat, lon = [], [], [], []
with gzip.open(source, "rt", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if departement and row["departement"] != departement:
            continue
        codes.append(row["code_insee"])
        population.append(max(int(row["population"] or 0), 1))
        lat.append(float(row["lat"]))
        lon.append(float(row["lon"]))
population = np.array(population, dtype=float)
lat, lon = np.array(lat), np.array(lon)
# Equirectangular projection around the mean latitude: good to a few percent at 80 km.
x = lon * 111.32 * np.cos(np.radians(lat.mean()))
y = lat * 110.57
n = len(codes)
cell = list(zip((x // CELL_KM).astype(int), (y // CELL_KM).astype(int)))
grid = {}
for i, c in enumerate(cell):
    grid.setdefault(c, []).append(i)
grid = {c: np.array(v) for c, v in grid.items()}

homes = rng.choice(n, size=persons, p=population / population.sum())
per_home = np.bincount(homes, minlength=n)
pair_keys = []
for home in np.nonzero(per_home)[0]:
    cx, cy = cell[home]
    near = np.concatenate([grid[(cx + dx, cy + dy)] for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (cx + dx, cy + dy) in grid])
    distance = np.hypot(x[near] - x[home], y[near] - y[home])
    keep = (distance <= RADIUS_KM) & (near != home)
    near, distance = near[keep], distance[keep]
    if len(near) == 0:
        continue
    log_weight = np.log(population[near]) - 2 * np.log(distance + 2.0)
    top = min(6, len(near))
    remaining = per_home[home]
    while remaining > 0:
        count = min(remaining, BATCH)
        remaining -= count
        # Gumbel top-k: the k largest of log w + Gumbel noise are a draw without replacement ∝ w.
        keys = log_weight[None, :] + rng.gumbel(size=(count, len(near)))
        chosen = near[np.argpartition(-keys, top - 1, axis=1)[:, :top]] if top < len(near) else np.tile(near, (count, 1))
        others = rng.integers(1, 7, size=count)  # how many communes besides home: 1 to 6
        used = np.full((count, 7), -1, dtype=np.int64)
        used[:, 0] = home
        for j in range(top):
            used[:, j + 1] = np.where(j < others, chosen[:, j], -1)
        for i in range(7):
            for j in range(i + 1, 7):
                a, b = used[:, i], used[:, j]
                mask = (a >= 0) & (b >= 0)
                lo, hi = np.minimum(a[mask], b[mask]), np.maximum(a[mask], b[mask])
                pair_keys.append(lo * n + hi)
keys, weights = np.unique(np.concatenate(pair_keys), return_counts=True)
with open(out, "w", newline="") as f:
    f.write("a,b,weight\n")
    f.writelines(f"{codes[k // n]},{codes[k % n]},{w}\n" for k, w in zip(keys.tolist(), weights.tolist()))
print(f"{n} communes, {persons} persons, {len(keys)} edges", file=sys.stderr)
