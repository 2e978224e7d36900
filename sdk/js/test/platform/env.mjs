// What the C# driver (tests/IndieGent.Platform.Tests/The_typescript_sdk.cs) hands a scenario: a running
// platform, an agent's key, and the paid servers it started.
export function env(name) {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: these tests run against a platform the C# driver starts.`);
  return value;
}

/** The agent, as the docs write it. */
export async function agent(options = {}) {
  const { IndieGent } = await import('../../dist/index.js');
  return new IndieGent({ apiKey: env('INDIEGENT_API_KEY'), baseUrl: env('INDIEGENT_URL'), pollIntervalMs: 200, ...options });
}

/** The Gateway with the operator's key. */
export async function asOperator(path, init = {}) {
  return fetch(new URL(path, env('INDIEGENT_URL')), { ...init, headers: { ...init.headers, authorization: `Bearer ${env('INDIEGENT_OPERATOR_KEY')}` } });
}
