"""Peer of audit-writes and transfers: Python's sqlite3 doing one single-row insert and commit per
transaction, in WAL mode with synchronous=FULL, on the same disk, from CALLERS threads at once
(each with its own connection, as independent clients would). Prints one JSON line.
Usage: sqlite_commits.py DIR COUNT [CALLERS=1]"""
import json
import os
import sqlite3
import sys
import threading
import time
import uuid

directory, count = sys.argv[1], int(sys.argv[2])
callers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
path = os.path.join(directory, f"peer-{uuid.uuid4()}.sqlite")
setup = sqlite3.connect(path, isolation_level=None)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, record_id TEXT NOT NULL, at REAL NOT NULL)")
setup.close()
per_caller = count // callers


def caller(number):
    # sqlite3 releases the GIL while it waits for the disk, so the threads' commits overlap as
    # far as SQLite lets them (one writer at a time, each commit its own fsync).
    db = sqlite3.connect(path, isolation_level=None, timeout=60, check_same_thread=False)
    db.execute("PRAGMA synchronous=FULL")
    for i in range(per_caller):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO entries (record_id, at) VALUES (?, ?)", (f"p{number}-{i}", time.time()))
        db.execute("COMMIT")
    db.close()


threads = [threading.Thread(target=caller, args=(n,)) for n in range(callers)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
seconds = time.perf_counter() - start
operations = per_caller * callers
for suffix in ("", "-wal", "-shm"):
    try:
        os.remove(path + suffix)
    except FileNotFoundError:
        pass
print(json.dumps({"benchmark": "sqlite-commits", "callers": callers, "operations": operations, "seconds": seconds,
                  "perSecond": operations / seconds}))
