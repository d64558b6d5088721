"""PyStemmer's French stemmer (the C of Snowball) on the same word list as `autour-bench stem`:
every word stemmed REPEAT times through stemWords, its cache off so that each word is stemmed."""
import json
import sys
import time

import Stemmer

path, repeats = sys.argv[1], int(sys.argv[2])
words = [line.split("\t")[0] for line in open(path, encoding="utf-8").read().split("\n") if line and not line.startswith("#")]
stemmer = Stemmer.Stemmer("french", 0)
start = time.perf_counter()
total = 0
for _ in range(repeats):
    total += sum(len(stem.encode()) for stem in stemmer.stemWords(words))
seconds = time.perf_counter() - start
print(json.dumps({"benchmark": "pystemmer", "words": len(words), "repeats": repeats, "wordsPerSecond": len(words) * repeats / seconds, "checksum": total}))
