#!/usr/bin/env bash
# One command for the benchmarks: starts a throw-away PostgreSQL (as the tests do), runs every case on
# SQLite and PostgreSQL and prints the table that goes into bench/RESULTS.md.
#   bench/run.sh [seconds-per-case]
#   bench/run.sh onestop [seconds-per-case] [dossiers] [clients]      one-stop over HTTP on SQLite (default 5 s, 1000000, 32;
#                                                                     dossiers also as 10M / 250k); no PostgreSQL needed
#   bench/run.sh onestop-pg [seconds-per-case] [dossiers] [clients]   the same on SQLite, then on a throw-away PostgreSQL,
#                                                                     printed with the PostgreSQL / SQLite ratio
#   EGOV_BENCH_DB=/tmp/egov-10m.db EGOV_BENCH_ACCOUNTS=/tmp/egov-10m-accounts.txt bench/run.sh onestop 10
#                                                                     an existing SQLite database made with `egov seed demo`
#                                                                     and `egov generate` (e.g. 10 million dossiers)
# The one-stop runs generate their dataset with DossierGenerator (what `egov generate` runs), start the web host as a
# separate process and measure its CPU and memory from /proc. The run holds /tmp/egov-build.lock (EGOV_BENCH_LOCK) so
# that builds on a shared machine do not disturb it.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/Egov.Bench -nologo -clp:ErrorsOnly >/dev/null
bench=(dotnet bench/Egov.Bench/bin/Release/net10.0/Egov.Bench.dll)
if [[ -z "${EGOV_LOCKED:-}" ]] && command -v flock >/dev/null; then
  bench=(env EGOV_LOCKED=1 flock "${EGOV_BENCH_LOCK:-/tmp/egov-build.lock}" "${bench[@]}")
fi
if [[ "${1:-}" == onestop ]]; then exec "${bench[@]}" "$@"; fi
source scripts/test-services.sh
egov_services_start
trap egov_services_stop EXIT
if [[ "${1:-}" == onestop-pg ]]; then "${bench[@]}" "$@"; exit; fi
"${bench[@]}" "${1:-3}"
