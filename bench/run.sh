#!/usr/bin/env bash
# One command for the benchmarks: starts a throw-away PostgreSQL (as the tests do), runs every case on
# SQLite and PostgreSQL and prints the table that goes into bench/RESULTS.md.
#   bench/run.sh [seconds-per-case]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-services.sh
egov_services_start
trap egov_services_stop EXIT
dotnet run -c Release --project bench/Egov.Bench -- "${1:-3}"
