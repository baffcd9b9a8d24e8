#!/usr/bin/env bash
# The reliability tests in full (./test.sh runs a short version of each):
#   - the crash test: 25 kill -9 rounds of the real host under load (EGOV_CRASH_ROUNDS)
#   - the two-node tests: two hosts on one PostgreSQL behind nginx, 30 rounds of each concurrent load (EGOV_TWO_NODE_ROUNDS)
#   - the fuzz test: 20,000 hostile requests (EGOV_FUZZ_ITERATIONS)
# Installs and starts what they need as ./test.sh does (PostgreSQL, nginx, on loopback only).
#   scripts/reliability.sh
#   EGOV_TWO_NODE_ROUNDS=100 scripts/reliability.sh --filter "FullyQualifiedName~TwoNode"
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-services.sh
egov_services_start
trap egov_services_stop EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export EGOV_CRASH_ROUNDS="${EGOV_CRASH_ROUNDS:-25}"
export EGOV_TWO_NODE_ROUNDS="${EGOV_TWO_NODE_ROUNDS:-30}"
export EGOV_FUZZ_ITERATIONS="${EGOV_FUZZ_ITERATIONS:-20000}"
filter=("$@")
dotnet build tests/Egov.Reliability.Tests -c Release -nologo -clp:ErrorsOnly
dotnet build tests/Egov.Web.Tests -c Release -nologo -clp:ErrorsOnly
status=0
dotnet test tests/Egov.Reliability.Tests -c Release --no-build -nologo --logger "console;verbosity=detailed" "${filter[@]}" || status=1
[ ${#filter[@]} -eq 0 ] && filter=(--filter "FullyQualifiedName~Fuzz")
dotnet test tests/Egov.Web.Tests -c Release --no-build -nologo --logger "console;verbosity=detailed" "${filter[@]}" || status=1
exit $status
