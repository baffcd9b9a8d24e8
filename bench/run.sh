#!/usr/bin/env bash
# One command for the benchmarks: starts a throw-away PostgreSQL (as the tests do), runs every case on
# SQLite and PostgreSQL and prints the table that goes into bench/RESULTS.md.
#   bench/run.sh [seconds-per-case]
#   bench/run.sh onestop [seconds-per-case] [bulk-dossiers] [clients]   (one-stop over HTTP on SQLite; no PostgreSQL needed)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == onestop ]]; then exec dotnet run -c Release --project bench/Egov.Bench -- "$@"; fi
source scripts/test-services.sh
egov_services_start
trap egov_services_stop EXIT
dotnet run -c Release --project bench/Egov.Bench -- "${1:-3}"
