#!/usr/bin/env node
// Compiles each contract listed in CONTRACTS (contracts/src/<Name>.sol) offline with the solc-js
// pinned in eng/tools and writes one artifact per contract, contracts/out/<Name>.json. Each source is
// compiled on its own (together with the files it imports from contracts/src, e.g. the x402 proxies'
// shared base X402Permit2ProxyBase.sol) with the same fixed settings, and the output is deterministic
// (sorted keys, LF line endings, trailing newline), so `--check` can compare every artifact byte for
// byte with the committed file.
//
//   node contracts/build.mjs           rebuild the artifacts
//   node contracts/build.mjs --check   exit 1 when a committed artifact is stale or missing

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_SOLC = '0.8.37+commit.f401782d';
// The contracts built, each from contracts/src/<Name>.sol into contracts/out/<Name>.json.
const CONTRACTS = ['IndieUSDC', 'Permit2', 'X402UptoPermit2Proxy', 'X402ExactPermit2Proxy'];

const contractsDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(contractsDir);
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

// A source file's text with line endings normalised, so a CRLF checkout compiles to the same bytes (the
// sources are in the metadata, and so in the bytecode's metadata hash).
function readSource(sourceName) {
  return readFileSync(join(contractsDir, sourceName), 'utf8').replace(/\r\n?/g, '\n');
}

function hashes(keccak256, source) {
  const bytes = Buffer.from(source, 'utf8');
  return { keccak256: `0x${keccak256(bytes)}`, sha256: `0x${createHash('sha256').update(bytes).digest('hex')}` };
}

function compile({ solc, keccak256 }, contractName) {
  const sourceName = `src/${contractName}.sol`;
  const source = readSource(sourceName);
  const input = { language: 'Solidity', sources: { [sourceName]: { content: source } }, settings };
  // Imports resolve to source unit names relative to contracts/ (`import "./X.sol"` in src/A.sol is
  // src/X.sol) and are read only from contracts/src.
  const imports = {};
  const findImports = (importName) => {
    if (!/^src\/[A-Za-z0-9_]+\.sol$/.test(importName)) {
      return { error: `only files in contracts/src can be imported, not ${importName}` };
    }
    if (!existsSync(join(contractsDir, importName))) return { error: `contracts/${importName} does not exist` };
    const content = readSource(importName);
    imports[importName] = hashes(keccak256, content);
    return { contents: content };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));

  const diagnostics = output.errors ?? [];
  for (const d of diagnostics) console.error(d.formattedMessage ?? d.message);
  // Warnings fail the build too, as they do for the .NET code.
  if (diagnostics.length > 0) fail(`compilation of contracts/${sourceName} reported ${diagnostics.length} diagnostic(s).`);

  const contract = output.contracts?.[sourceName]?.[contractName];
  if (!contract) fail(`no contract ${contractName} in contracts/${sourceName}.`);
  const artifact = {
    contractName,
    sourceName,
    source: hashes(keccak256, source),
    // The files the source imports, by source unit name; only present when there are any, so the
    // artifacts of single-file contracts keep their format.
    ...(Object.keys(imports).length > 0 ? { imports } : {}),
    compiler: { name: 'solc', version: solc.version() },
    settings,
    abi: contract.abi,
    bytecode: `0x${contract.evm.bytecode.object}`,
    deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
    methodIdentifiers: contract.evm.methodIdentifiers,
  };
  return `${JSON.stringify(canonical(artifact), null, 2)}\n`;
}

// The reason the committed artifact differs from `expected`, or null when it is up to date.
function staleness(artifactPath, sourceName, expected) {
  if (!existsSync(artifactPath)) {
    return `${display(artifactPath)} is missing; run \`node contracts/build.mjs\` and commit the result.`;
  }
  const actual = readFileSync(artifactPath, 'utf8').replace(/\r\n?/g, '\n');
  if (actual === expected) return null;
  const stale = ['bytecode', 'deployedBytecode', 'abi', 'source', 'imports', 'compiler', 'settings'].filter((key) => {
    try {
      return JSON.stringify(JSON.parse(actual)[key]) !== JSON.stringify(JSON.parse(expected)[key]);
    } catch {
      return true;
    }
  });
  return (
    `${display(artifactPath)} is stale: it differs from what contracts/${sourceName} (with its imports) compiles to` +
    (stale.length > 0 ? ` (fields: ${stale.join(', ')})` : ' (formatting)') +
    '. Run `node contracts/build.mjs` and commit the result.'
  );
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--check');
if (unknown.length > 0) fail(`unknown argument(s): ${unknown.join(' ')}; usage: node contracts/build.mjs [--check]`);

const compiler = loadSolc();
const check = args.includes('--check');
const problems = [];
for (const contractName of CONTRACTS) {
  const sourceName = `src/${contractName}.sol`;
  const artifactPath = join(contractsDir, 'out', `${contractName}.json`);
  const expected = compile(compiler, contractName);
  if (check) {
    const problem = staleness(artifactPath, sourceName, expected);
    if (problem) problems.push(problem);
    else console.log(`${display(artifactPath)} is up to date (${contractName}, solc ${EXPECTED_SOLC}).`);
  } else {
    mkdirSync(dirname(artifactPath), { recursive: true });
    writeFileSync(artifactPath, expected);
    console.log(`wrote ${display(artifactPath)}`);
  }
}
// Every contract is checked before failing, so one run names every stale artifact.
for (const problem of problems) console.error(`contracts/build.mjs: ${problem}`);
if (problems.length > 0) process.exit(1);
