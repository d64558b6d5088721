"""Peer of audit-writes: Python's sqlite3 doing one single-row insert and commit per
transaction, in WAL mode with synchronous=FULL, on the same disk. Prints one JSON line."""
import json
import os
import sqlite3
import sys
import time
import uuid

directory, count = sys.argv[1], int(sys.argv[2])
path = os.path.join(directory, f"peer-{uuid.uuid4()}.sqlite")
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, record_id TEXT NOT NULL, at REAL NOT NULL)")
start = time.perf_counter()
for i in range(count):
    db.execute("BEGIN")
    db.execute("INSERT INTO entries (record_id, at) VALUES (?, ?)", (f"p{i}", time.time()))
    db.execute("COMMIT")
seconds = time.perf_counter() - start
db.close()
for suffix in ("", "-wal", "-shm"):
    try:
        os.remove(path + suffix)
    except FileNotFoundError:
        pass
print(json.dumps({"benchmark": "sqlite-commits", "operations": count, "seconds": seconds, "perSecond": count / seconds}))
