#!/usr/bin/env bash
# The one test command: installs what the tests need (Debian's postgresql, chromium and nginx), starts a
# throw-away PostgreSQL on loopback, builds once and runs every test project against SQLite and PostgreSQL.
#   ./test.sh               everything
#   ./test.sh --filter X    pass a filter to dotnet test (e.g. --filter "FullyQualifiedName~Audit")
set -euo pipefail
cd "$(dirname "$0")"
source scripts/test-services.sh
egov_services_start
trap egov_services_stop EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "==> Building"
dotnet build Egov.slnx -c Release -nologo -clp:ErrorsOnly

status=0
for project in tests/*.Tests/*.csproj; do
  echo "==> $(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@" || status=1
done
exit $status
