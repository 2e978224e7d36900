// The snippet from our docs, as written. INDIEGENT_API_KEY is the agent's key; INDIEGENT_URL names the
// Gateway when it is not IndieGent Cloud's (the AppHost sets both, and PAID_API_URL: its sample paid API).
import { IndieGent } from "@indiegent/sdk";

const agent = new IndieGent({ apiKey: process.env.INDIEGENT_API_KEY });
const res = await agent.fetch(process.env.PAID_API_URL ?? "https://some-mpp-api.com/data");   // paid automatically

console.log(`${res.status} ${await res.text()}`);
if (res.payment) {
  console.log(`paid ${res.payment.amount} base units (payment ${res.payment.paymentId}, ${res.payment.protocol}/${res.payment.credentialType})`);
}
process.exitCode = res.ok ? 0 : 1;
