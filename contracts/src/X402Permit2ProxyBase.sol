// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The part of Permit2's SignatureTransfer the proxies call, with Permit2's struct layouts (so
/// the ABI of `settle` is the one x402 facilitators encode).
interface ISignatureTransfer {
    struct TokenPermissions {
        address token;
        uint256 amount;
    }

    struct PermitTransferFrom {
        TokenPermissions permitted;
        uint256 nonce;
        uint256 deadline;
    }

    struct SignatureTransferDetails {
        address to;
        uint256 requestedAmount;
    }

    function permitWitnessTransferFrom(
        PermitTransferFrom calldata permit,
        SignatureTransferDetails calldata transferDetails,
        address owner,
        bytes32 witness,
        string calldata witnessTypeString,
        bytes calldata signature
    ) external;
}

/// @notice EIP-2612's `permit`, which `settleWithPermit` calls on the token to approve Permit2.
interface IERC20Permit {
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external;
}

/// @title X402Permit2ProxyBase
/// @notice What the x402 Permit2 proxies (`X402ExactPermit2Proxy`, `X402UptoPermit2Proxy`) share: the
/// Permit2 immutable and its constructor, the EIP-2612 permit struct, the errors and events common to both,
/// the transient reentrancy lock, the checks before Permit2 is called and the call itself, and the
/// `settleWithPermit` path that first submits the payer's EIP-2612 permit for Permit2.
/// @dev The counterpart of x402's reference `x402BasePermit2Proxy`. Each proxy declares its own `Witness`,
/// `WITNESS_TYPEHASH`, `WITNESS_TYPE_STRING`, `settle` and `settleWithPermit`, hashes its witness and passes
/// the hash here. Holds no storage; the reentrancy lock is transient (EIP-1153).
abstract contract X402Permit2ProxyBase {
    // ---------------------------------------------------------------- types

    /// @notice An EIP-2612 permit of the payer's that approves Permit2 on the token, for `settleWithPermit`.
    struct EIP2612Permit {
        uint256 value;
        uint256 deadline;
        bytes32 r;
        bytes32 s;
        uint8 v;
    }

    // ---------------------------------------------------------------- errors

    /// @notice The constructor was given the zero address as Permit2.
    error InvalidPermit2Address();
    /// @notice The witness names the zero address as recipient.
    error InvalidDestination();
    /// @notice The block timestamp is before the witness's `validAfter`.
    error PaymentTooEarly();
    /// @notice The owner (payer) is the zero address.
    error InvalidOwner();
    /// @notice The amount to move is 0 (`exact`: the permitted amount; `upto`: the charge, and a zero charge
    /// needs no transaction).
    error InvalidAmount();
    /// @notice The EIP-2612 permit's value is not the Permit2 permit's permitted amount.
    error Permit2612AmountMismatch();
    /// @notice A settlement was entered again before the first one finished.
    error ReentrancyGuardReentrantCall();

    // ---------------------------------------------------------------- events

    /// @notice `settle` moved the funds.
    event Settled();
    /// @notice `settleWithPermit` moved the funds.
    event SettledWithPermit();
    /// @notice The token's `permit` reverted with `Error(reason)`; the settlement went on with the existing allowance.
    event EIP2612PermitFailedWithReason(address indexed token, address indexed owner, string reason);
    /// @notice The token's `permit` reverted with `Panic(errorCode)`; the settlement went on with the existing allowance.
    event EIP2612PermitFailedWithPanic(address indexed token, address indexed owner, uint256 errorCode);
    /// @notice The token's `permit` reverted with other data (a custom error, or none); the settlement went on.
    event EIP2612PermitFailedWithData(address indexed token, address indexed owner, bytes data);

    // ---------------------------------------------------------------- immutables

    /// @notice The Permit2 this proxy is the spender on.
    ISignatureTransfer public immutable PERMIT2;

    bool private transient _locked;

    /// @param permit2 The Permit2 contract (on public chains, 0x000000000022D473030F116dDEE9F6B43aC78BA3).
    constructor(address permit2) {
        if (permit2 == address(0)) revert InvalidPermit2Address();
        PERMIT2 = ISignatureTransfer(permit2);
    }

    modifier nonReentrant() {
        if (_locked) revert ReentrancyGuardReentrantCall();
        _locked = true;
        _;
        _locked = false;
    }

    // ---------------------------------------------------------------- internals

    /// @notice Checks, in the reference's order, the amount (not 0), the owner and the recipient (not zero)
    /// and the earliest settlement time, then has Permit2 move `amount` from `owner` to `to` under the
    /// owner's signature over the permit and the witness `witnessHash` of type `witnessTypeString`.
    /// @dev `to` and `validAfter` must be the witness's: Permit2 verifies `witnessHash` against the
    /// signature, so a submitter that alters the recipient gets Permit2's InvalidSigner.
    function _transferWithWitness(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        address to,
        uint256 validAfter,
        bytes32 witnessHash,
        string memory witnessTypeString,
        bytes calldata signature
    ) internal {
        if (amount == 0) revert InvalidAmount();
        if (owner == address(0)) revert InvalidOwner();
        if (to == address(0)) revert InvalidDestination();
        if (block.timestamp < validAfter) revert PaymentTooEarly();
        PERMIT2.permitWitnessTransferFrom(
            permit,
            ISignatureTransfer.SignatureTransferDetails({to: to, requestedAmount: amount}),
            owner,
            witnessHash,
            witnessTypeString,
            signature
        );
    }

    /// @notice Submits the owner's EIP-2612 permit approving Permit2 on `token`; a failing token `permit`
    /// does not revert but emits `EIP2612PermitFailedWith…`, and the settlement relies on the existing allowance.
    function _approvePermit2(address token, address owner, EIP2612Permit calldata permit2612, uint256 permittedAmount)
        internal
    {
        if (permit2612.value != permittedAmount) revert Permit2612AmountMismatch();
        try IERC20Permit(token).permit(
            owner, address(PERMIT2), permit2612.value, permit2612.deadline, permit2612.v, permit2612.r, permit2612.s
        ) {
            // Permit2 is approved for the permitted amount.
        } catch Error(string memory reason) {
            emit EIP2612PermitFailedWithReason(token, owner, reason);
        } catch Panic(uint256 errorCode) {
            emit EIP2612PermitFailedWithPanic(token, owner, errorCode);
        } catch (bytes memory data) {
            emit EIP2612PermitFailedWithData(token, owner, data);
        }
    }
}
