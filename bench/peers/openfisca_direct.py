"""The peer of bench/rights: the same request body posted to OpenFisca-France's /calculate in one
request and its answer read, REPEATS times after a warm-up; prints the median in JSON."""
import json
import statistics
import sys
import time
import urllib.request

url, body_file, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = open(body_file, "rb").read()


def post():
    request = urllib.request.Request(url + "/calculate", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as answer:
        return json.loads(answer.read())


post()
times = []
for _ in range(repeats):
    start = time.perf_counter()
    answer = post()
    times.append(time.perf_counter() - start)
print(json.dumps({"peer": "openfisca-direct", "households": len(answer["familles"]), "medianSeconds": statistics.median(times)}))
