#!/usr/bin/env node
// Compiles contracts/src/IndieUSDC.sol offline with the solc-js pinned in eng/tools and writes
// contracts/out/IndieUSDC.json. The output is deterministic (fixed settings, sorted keys, LF line
// endings, trailing newline), so `--check` can compare it byte for byte with the committed file.
//
//   node contracts/build.mjs           rebuild the artifact
//   node contracts/build.mjs --check   exit 1 when the committed artifact is stale or missing

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_SOLC = '0.8.37+commit.f401782d';
const CONTRACT = 'IndieUSDC';
const SOURCE_NAME = `src/${CONTRACT}.sol`;

const contractsDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(contractsDir);
const sourcePath = join(contractsDir, SOURCE_NAME);
const artifactPath = join(contractsDir, 'out', `${CONTRACT}.json`);
const display = (p) => relative(process.cwd(), p) || p;

// Every setting that influences the bytecode is fixed here; none comes from the environment.
const settings = {
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'ipfs', useLiteralContent: false },
  optimizer: { enabled: true, runs: 200 },
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] },
  },
  remappings: [],
  viaIR: false,
};

function fail(message) {
  console.error(`contracts/build.mjs: ${message}`);
  process.exit(1);
}

function loadSolc() {
  const toolsManifest = join(repoRoot, 'eng', 'tools', 'package.json');
  let solc;
  try {
    solc = createRequire(toolsManifest)('solc');
  } catch {
    fail('solc-js is not installed; run `npm ci --prefix eng/tools` first.');
  }
  const version = solc.version();
  if (!version.startsWith(EXPECTED_SOLC)) {
    fail(`expected solc ${EXPECTED_SOLC}, found ${version}; run \`npm ci --prefix eng/tools\`.`);
  }
  // js-sha3 is solc-js's own dependency, so it resolves from solc's install, not from ours.
  const { keccak256 } = createRequire(createRequire(toolsManifest).resolve('solc'))('js-sha3');
  return { solc, keccak256 };
}

// JSON with object keys sorted at every level; arrays keep their (compiler-defined) order.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  }
  return value;
}

function compile() {
  const { solc, keccak256 } = loadSolc();
  // Normalise line endings so a CRLF checkout compiles to the same bytes (the source is in the metadata).
  const source = readFileSync(sourcePath, 'utf8').replace(/\r\n?/g, '\n');
  const input = { language: 'Solidity', sources: { [SOURCE_NAME]: { content: source } }, settings };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));

  const diagnostics = output.errors ?? [];
  for (const d of diagnostics) console.error(d.formattedMessage ?? d.message);
  // Warnings fail the build too, as they do for the .NET code.
  if (diagnostics.length > 0) fail(`compilation of contracts/${SOURCE_NAME} reported ${diagnostics.length} diagnostic(s).`);

  const contract = output.contracts?.[SOURCE_NAME]?.[CONTRACT];
  if (!contract) fail(`no contract ${CONTRACT} in contracts/${SOURCE_NAME}.`);
  const sourceBytes = Buffer.from(source, 'utf8');
  const artifact = {
    contractName: CONTRACT,
    sourceName: SOURCE_NAME,
    source: {
      keccak256: `0x${keccak256(sourceBytes)}`,
      sha256: `0x${createHash('sha256').update(sourceBytes).digest('hex')}`,
    },
    compiler: { name: 'solc', version: solc.version() },
    settings,
    abi: contract.abi,
    bytecode: `0x${contract.evm.bytecode.object}`,
    deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
    methodIdentifiers: contract.evm.methodIdentifiers,
  };
  return `${JSON.stringify(canonical(artifact), null, 2)}\n`;
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--check');
if (unknown.length > 0) fail(`unknown argument(s): ${unknown.join(' ')}; usage: node contracts/build.mjs [--check]`);

const expected = compile();
if (args.includes('--check')) {
  if (!existsSync(artifactPath)) {
    fail(`${display(artifactPath)} is missing; run \`node contracts/build.mjs\` and commit the result.`);
  }
  const actual = readFileSync(artifactPath, 'utf8').replace(/\r\n?/g, '\n');
  if (actual !== expected) {
    const stale = ['bytecode', 'deployedBytecode', 'abi', 'source', 'compiler', 'settings'].filter((key) => {
      try {
        return JSON.stringify(JSON.parse(actual)[key]) !== JSON.stringify(JSON.parse(expected)[key]);
      } catch {
        return true;
      }
    });
    fail(
      `${display(artifactPath)} is stale: it differs from what contracts/${SOURCE_NAME} compiles to` +
        (stale.length > 0 ? ` (fields: ${stale.join(', ')})` : ' (formatting)') +
        '. Run `node contracts/build.mjs` and commit the result.',
    );
  }
  console.log(`${display(artifactPath)} is up to date (${CONTRACT}, solc ${EXPECTED_SOLC}).`);
} else {
  mkdirSync(dirname(artifactPath), { recursive: true });
  writeFileSync(artifactPath, expected);
  console.log(`wrote ${display(artifactPath)}`);
}
