#!/usr/bin/env bash
# Prepares the end-to-end test tools: a virtualenv with the Python packages, and axe-core.
# axe-core comes inside the PyPI wheel of axe-selenium-python 3.0.0, which declares Python 3.12;
# we only need its JavaScript file, so the wheel is fetched for 3.12 and unpacked, not installed.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements.txt
if [ ! -f .axe/axe.min.js ]; then
  tmp=$(mktemp -d)
  .venv/bin/pip download -q --no-deps --python-version 3.12 --only-binary=:all: axe-selenium-python==3.0.0 -d "$tmp"
  mkdir -p .axe
  .venv/bin/python - "$tmp" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/axe_selenium_python-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    open(".axe/axe.min.js", "wb").write(z.read("axe_selenium_python/node_modules/axe-core/axe.min.js"))
PY
  rm -rf "$tmp"
fi
