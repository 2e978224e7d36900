// A self-hosted x402 facilitator: @x402/core's x402Facilitator with @x402/evm's `exact` scheme
// (EIP-3009 transferWithAuthorization, Permit2 as the reference implements it) and `upto` scheme
// (a Permit2 permit settled for what was used, through the upto proxy at its canonical address) for
// one EVM chain, submitting with a viem wallet client. Used in-process by x402-server.mjs and over HTTP by
// x402-facilitator.mjs.
import { x402Facilitator } from '@x402/core/facilitator';
import { toFacilitatorEvmSigner } from '@x402/evm';
import { ExactEvmScheme } from '@x402/evm/exact/facilitator';
import { UptoEvmScheme } from '@x402/evm/upto/facilitator';
import { clients } from './common.mjs';

/**
 * Creates the facilitator for `eip155:<chainId>`.
 * `simulateInSettle` makes /settle dry-run the transfer before broadcasting, so a replayed or
 * stale authorization is refused without spending gas on a reverting transaction.
 */
export function createFacilitator({ rpcUrl, chainId, privateKey, simulateInSettle = true }) {
  const { account, publicClient, walletClient } = clients({ rpcUrl, chainId, privateKey });
  const signer = toFacilitatorEvmSigner({
    address: account.address,
    // Reads (and the dry runs of settlements) are sent from the facilitator: the upto proxy lets only it settle.
    readContract: (args) => publicClient.readContract({ account, ...args }),
    verifyTypedData: (args) => publicClient.verifyTypedData(args),
    writeContract: (args) => walletClient.writeContract(args),
    sendTransaction: (args) => walletClient.sendTransaction(args),
    waitForTransactionReceipt: (args) => publicClient.waitForTransactionReceipt(args),
    getCode: (args) => publicClient.getCode(args),
  });
  const network = `eip155:${chainId}`;
  const facilitator = new x402Facilitator()
    .register(network, new ExactEvmScheme(signer, { simulateInSettle }))
    .register(network, new UptoEvmScheme(signer));
  return { address: account.address, facilitator, network };
}

/** Adapts an in-process x402Facilitator to the FacilitatorClient interface of x402ResourceServer. */
export function asFacilitatorClient(facilitator) {
  return {
    verify: (paymentPayload, paymentRequirements) => facilitator.verify(paymentPayload, paymentRequirements),
    settle: (paymentPayload, paymentRequirements) => facilitator.settle(paymentPayload, paymentRequirements),
    getSupported: async () => facilitator.getSupported(),
  };
}
