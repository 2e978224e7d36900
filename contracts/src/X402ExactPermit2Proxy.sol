// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISignatureTransfer, X402Permit2ProxyBase} from "./X402Permit2ProxyBase.sol";

/// @title X402ExactPermit2Proxy
/// @notice The spender of x402 v2 `exact` payments on EVM made with Permit2 (the `permit2` asset transfer
/// method, x402's universal fallback for tokens without EIP-3009): a payer signs a Permit2 witness
/// transfer with this contract as spender and a witness naming the recipient (`to`) and the earliest
/// settlement time (`validAfter`); anyone may then settle it, which moves exactly the permitted amount
/// from the payer straight to `to`. The submitter can neither redirect the funds nor change the amount.
/// Written for IndieGent's development and test chains; on public chains use the canonical deployment at
/// 0x402085c248EeA27D92E8b30b2C58ed07f9E20001.
/// @dev External interface (functions, struct layouts, errors, events) of the x402 reference proxy
/// `x402ExactPermit2Proxy`, so x402's TypeScript facilitator calls this contract unchanged. The witness is
/// `Witness(address to,uint256 validAfter)`, signed under Permit2's `PermitWitnessTransferFrom` with
/// `WITNESS_TYPE_STRING`. Checks, in order: permitted amount not 0, owner and `to` not zero, `validAfter`
/// reached; Permit2 then checks the deadline, nonce and signature, and its reverts (and the token's) are
/// passed through. The Permit2 address is an immutable set by the constructor, so the runtime code of a
/// deployment can be copied elsewhere (for example to the canonical address with `anvil_setCode`) and
/// still calls that Permit2. Holds no tokens and no storage; the reentrancy lock is transient (EIP-1153).
/// The Permit2 immutable, the EIP-2612 path, the shared errors and events, the lock and the checks before
/// Permit2 is called come from `X402Permit2ProxyBase`.
contract X402ExactPermit2Proxy is X402Permit2ProxyBase {
    // ---------------------------------------------------------------- types

    /// @notice What the payer binds into the signed permit besides Permit2's own fields.
    /// @param to The recipient of the funds.
    /// @param validAfter The earliest block timestamp at which it may be settled; Permit2's deadline is the latest.
    struct Witness {
        address to;
        uint256 validAfter;
    }

    // ---------------------------------------------------------------- constants

    /// @notice The witness type string passed to Permit2: the witness member, then the referenced structs
    /// in EIP-712 (alphabetical) order.
    string public constant WITNESS_TYPE_STRING =
        "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)";

    /// @notice The EIP-712 type hash of `Witness`.
    bytes32 public constant WITNESS_TYPEHASH = keccak256("Witness(address to,uint256 validAfter)");

    /// @param permit2 The Permit2 contract (on public chains, 0x000000000022D473030F116dDEE9F6B43aC78BA3).
    constructor(address permit2) X402Permit2ProxyBase(permit2) {}

    // ---------------------------------------------------------------- settlement

    /// @notice Moves exactly `permit.permitted.amount` of the permitted token from `owner` to `witness.to`
    /// under the owner's signed permit.
    /// @param permit The Permit2 permit the owner signed (with this contract as spender).
    /// @param owner The payer, whose signature it is.
    /// @param witness The signed recipient and earliest settlement time.
    /// @param signature The owner's signature over the permit and witness (65 bytes, or as Permit2 accepts).
    function settle(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant {
        _transfer(permit, owner, witness, signature);
        emit Settled();
    }

    /// @notice As `settle`, after first submitting the owner's EIP-2612 permit approving Permit2 on the
    /// token (for a payer who has not approved Permit2). A failing token `permit` (already used, or the
    /// token has none) does not revert: an event records it and the settlement relies on the existing
    /// allowance.
    /// @param permit2612 The owner's EIP-2612 permit for Permit2; its value must be `permit.permitted.amount`.
    /// @param permit The Permit2 permit the owner signed.
    /// @param owner The payer.
    /// @param witness The signed recipient and earliest settlement time.
    /// @param signature The owner's signature over the permit and witness.
    function settleWithPermit(
        EIP2612Permit calldata permit2612,
        ISignatureTransfer.PermitTransferFrom calldata permit,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant {
        _approvePermit2(permit.permitted.token, owner, permit2612, permit.permitted.amount);
        _transfer(permit, owner, witness, signature);
        emit SettledWithPermit();
    }

    // ---------------------------------------------------------------- internals

    /// @dev The amount is always the permitted one; the witness hash binds the recipient and `validAfter`.
    function _transfer(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) private {
        bytes32 witnessHash = keccak256(abi.encode(WITNESS_TYPEHASH, witness.to, witness.validAfter));
        _transferWithWitness(
            permit,
            permit.permitted.amount,
            owner,
            witness.to,
            witness.validAfter,
            witnessHash,
            WITNESS_TYPE_STRING,
            signature
        );
    }
}
