#!/usr/bin/env node
// The launcher: runs the indiegent binary of this machine's platform package (the CLI is a self-contained
// .NET build; npm installs the package for this os and cpu from optionalDependencies, as esbuild does).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const platformPackage = `@indiegent/cli-${process.platform}-${process.arch}`;
let binary;
try {
  binary = path.join(path.dirname(require.resolve(`${platformPackage}/package.json`)), 'bin', 'indiegent');
} catch {
  console.error(`indiegent: no build for ${process.platform}-${process.arch} is installed (${platformPackage}).\n` +
    'Builds exist for linux-x64; elsewhere install the .NET tool: dotnet tool install -g IndieGent.Cli');
  process.exit(1);
}

const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
if (result.error) {
  console.error(`indiegent: could not run ${binary}: ${result.error.message}`);
  process.exit(1);
}
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
