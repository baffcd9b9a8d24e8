#!/usr/bin/env bash
# The reliability tests in full (./test.sh runs a short version): 25 kill -9 rounds of the crash test.
#   scripts/reliability.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export EGOV_CRASH_ROUNDS="${EGOV_CRASH_ROUNDS:-25}"
dotnet build tests/Egov.Reliability.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/Egov.Reliability.Tests -c Release --no-build -nologo --logger "console;verbosity=detailed"
