#!/usr/bin/env bash
# OpenFisca-France, the French tax-and-benefit rules as code (AGPL), run unmodified as its own
# web service for the Rights module. Autour only posts situations to its /calculate.
#
#   tools/openfisca/openfisca.sh setup              creates tools/openfisca/.venv with the pinned versions
#   tools/openfisca/openfisca.sh start [PORT]       starts it in the background on 127.0.0.1 (default 5000),
#                                                   waits until it answers, prints its URL
#   tools/openfisca/openfisca.sh stop               stops it
#
# Then: export AUTOUR_OPENFISCA_URL=http://127.0.0.1:5000
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="$HERE/.venv"
PIDFILE="$HERE/.venv/openfisca.pid"
LOG="$HERE/.venv/openfisca.log"

case "${1:-}" in
  setup)
    [ -x "$VENV/bin/openfisca" ] && exit 0
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
    ;;
  start)
    PORT="${2:-5000}"
    # `openfisca serve` writes the port over the last four characters of its address.
    [[ "$PORT" =~ ^[1-9][0-9]{3}$ ]] || { echo "PORT: four digits expected (1000-9999)" >&2; exit 2; }
    "$0" setup
    "$0" stop >/dev/null 2>&1 || true
    # Gunicorn's own options: two workers (a batch and a page at once), and time for a batch of
    # 1 000 households, which takes a few seconds. Gunicorn writes its own pid file.
    # (`openfisca serve` hands the options it does not know to gunicorn; it binds 127.0.0.1.)
    # Every descriptor of the background process goes to the log, so that `$(… start)` returns.
    (cd "$HERE" && exec "$VENV/bin/openfisca" serve --country-package openfisca_france --port "$PORT" \
       --workers 2 --timeout 300 --pid "$PIDFILE") </dev/null >"$LOG" 2>&1 &
    for _ in $(seq 1 120); do
      if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=5)" "http://127.0.0.1:$PORT/entities" 2>/dev/null; then
        echo "http://127.0.0.1:$PORT"; exit 0
      fi
      sleep 1
    done
    echo "OpenFisca did not start; its log:" >&2; tail -n 30 "$LOG" >&2; exit 1
    ;;
  stop)
    [ -f "$PIDFILE" ] || exit 0
    PID="$(cat "$PIDFILE")"
    kill "$PID" 2>/dev/null || true
    # Gunicorn stops its workers and removes its pid file.
    for _ in $(seq 1 20); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
    rm -f "$PIDFILE"
    ;;
  *) echo "usage: $0 setup | start [PORT] | stop" >&2; exit 2 ;;
esac
