#!/usr/bin/env bash
# Packs the indiegent CLI for both its channels into .artifacts/packages (or $1):
#   IndieGent.Cli.<version>.nupkg               the dotnet tool (dotnet tool install -g IndieGent.Cli)
#   indiegent-cli-<version>.tgz                 @indiegent/cli, the npm launcher
#   indiegent-cli-linux-x64-<version>.tgz       @indiegent/cli-linux-x64, the self-contained linux-x64 build it runs
# One implementation, two channels: the npm packages carry the .NET CLI's self-contained build, so a
# machine with Node and without the .NET SDK gets a working `indiegent`. The npm packages' version must
# be the CLI's (<Version> in tools/IndieGent.Cli/IndieGent.Cli.csproj); this script refuses otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=$(mkdir -p "${1:-.artifacts/packages}" && cd "${1:-.artifacts/packages}" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' tools/IndieGent.Cli/IndieGent.Cli.csproj)
for package in npm/cli npm/cli-linux-x64; do
  declared=$(node -p "require('./$package/package.json').version")
  [ "$declared" = "$version" ] || { echo "pack-cli: $package is version $declared, the CLI $version" >&2; exit 1; }
done
launcher_wants=$(node -p "require('./npm/cli/package.json').optionalDependencies['@indiegent/cli-linux-x64']")
[ "$launcher_wants" = "$version" ] || { echo "pack-cli: @indiegent/cli depends on cli-linux-x64 $launcher_wants, not $version" >&2; exit 1; }

dotnet pack tools/IndieGent.Cli -c Release -o "$out" -nologo -clp:ErrorsOnly

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
dotnet publish tools/IndieGent.Cli -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:DebugType=none \
  -o "$staging/publish" -nologo -clp:ErrorsOnly
cp -r npm/cli-linux-x64 "$staging/cli-linux-x64"
mkdir -p "$staging/cli-linux-x64/bin"
cp "$staging/publish/indiegent" "$staging/cli-linux-x64/bin/indiegent"
chmod 755 "$staging/cli-linux-x64/bin/indiegent"

(cd "$staging/cli-linux-x64" && npm pack --silent --pack-destination "$out" >/dev/null)
(cd npm/cli && npm pack --silent --pack-destination "$out" >/dev/null)
ls -1 "$out"/IndieGent.Cli."$version".nupkg "$out"/indiegent-cli-"$version".tgz "$out"/indiegent-cli-linux-x64-"$version".tgz
