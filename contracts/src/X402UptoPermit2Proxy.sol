// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The part of Permit2's SignatureTransfer the proxy calls, with Permit2's struct layouts (so
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

/// @title X402UptoPermit2Proxy
/// @notice The spender of x402 v2 `upto` payments on EVM: a payer signs a Permit2 witness transfer of at
/// most `permitted.amount` with this contract as spender and a witness naming the recipient (`to`), the
/// one facilitator allowed to settle (`facilitator`) and the earliest settlement time (`validAfter`);
/// that facilitator then settles the amount actually used, from 1 up to the permitted amount, and the
/// tokens go from the payer straight to `to`. The facilitator chooses the amount but can neither redirect
/// the funds nor exceed the signed maximum, and no one else can settle the permit.
/// Written for IndieGent's development and test chains; on public chains use the canonical deployment at
/// 0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002.
/// @dev External interface (functions, struct layouts, errors, events) of the x402 reference proxy
/// `x402UptoPermit2Proxy`, so x402's TypeScript facilitator calls this contract unchanged. The witness is
/// `Witness(address to,address facilitator,uint256 validAfter)`, signed under Permit2's
/// `PermitWitnessTransferFrom` with `WITNESS_TYPE_STRING`. A settlement of 0 reverts `InvalidAmount`, as
/// in the reference: x402 settles a zero `upto` charge without a transaction, and the permit's nonce stays
/// unused. Checks, in order: amount at most permitted, caller is the facilitator, amount not 0, owner and
/// `to` not zero, `validAfter` reached; Permit2 then checks the deadline, nonce and signature, and its
/// reverts (and the token's) are passed through. The Permit2 address is an immutable set by the
/// constructor, so the runtime code of a deployment can be copied elsewhere (for example to the canonical
/// address with `anvil_setCode`) and still calls that Permit2. Holds no tokens and no storage; the
/// reentrancy lock is transient (EIP-1153).
contract X402UptoPermit2Proxy {
    // ---------------------------------------------------------------- types

    /// @notice What the payer binds into the signed permit besides Permit2's own fields.
    /// @param to The recipient of the funds.
    /// @param facilitator The only account that may settle the permit (and so choose the amount).
    /// @param validAfter The earliest block timestamp at which it may be settled; Permit2's deadline is the latest.
    struct Witness {
        address to;
        address facilitator;
        uint256 validAfter;
    }

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
    /// @notice The settlement amount is 0 (a zero charge needs no transaction).
    error InvalidAmount();
    /// @notice The EIP-2612 permit's value is not the Permit2 permit's permitted amount.
    error Permit2612AmountMismatch();
    /// @notice A settlement was entered again before the first one finished.
    error ReentrancyGuardReentrantCall();
    /// @notice The caller is not the facilitator the witness names.
    error UnauthorizedFacilitator();
    /// @notice The settlement amount is above the permit's permitted amount.
    error AmountExceedsPermitted();

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

    // ---------------------------------------------------------------- constants and immutables

    /// @notice The witness type string passed to Permit2: the witness member, then the referenced structs
    /// in EIP-712 (alphabetical) order.
    string public constant WITNESS_TYPE_STRING =
        "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,uint256 validAfter)";

    /// @notice The EIP-712 type hash of `Witness`.
    bytes32 public constant WITNESS_TYPEHASH = keccak256("Witness(address to,address facilitator,uint256 validAfter)");

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

    // ---------------------------------------------------------------- settlement

    /// @notice Moves `amount` of the permitted token from `owner` to `witness.to` under the owner's
    /// signed permit; only `witness.facilitator` may call it.
    /// @param permit The Permit2 permit the owner signed (with this contract as spender).
    /// @param amount The amount to charge, from 1 to `permit.permitted.amount`.
    /// @param owner The payer, whose signature it is.
    /// @param witness The signed recipient, facilitator and earliest settlement time.
    /// @param signature The owner's signature over the permit and witness (65 bytes, or as Permit2 accepts).
    function settle(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant {
        _authorize(permit, amount, witness);
        _transfer(permit, amount, owner, witness, signature);
        emit Settled();
    }

    /// @notice As `settle`, after first submitting the owner's EIP-2612 permit approving Permit2 on the
    /// token (for a payer who has not approved Permit2). A failing token `permit` (already used, or the
    /// token has none) does not revert: an event records it and the settlement relies on the existing
    /// allowance.
    /// @param permit2612 The owner's EIP-2612 permit for Permit2; its value must be `permit.permitted.amount`.
    /// @param permit The Permit2 permit the owner signed.
    /// @param amount The amount to charge, from 1 to `permit.permitted.amount`.
    /// @param owner The payer.
    /// @param witness The signed recipient, facilitator and earliest settlement time.
    /// @param signature The owner's signature over the permit and witness.
    function settleWithPermit(
        EIP2612Permit calldata permit2612,
        ISignatureTransfer.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant {
        _authorize(permit, amount, witness);
        _approvePermit2(permit.permitted.token, owner, permit2612, permit.permitted.amount);
        _transfer(permit, amount, owner, witness, signature);
        emit SettledWithPermit();
    }

    // ---------------------------------------------------------------- internals

    function _authorize(ISignatureTransfer.PermitTransferFrom calldata permit, uint256 amount, Witness calldata witness)
        private
        view
    {
        if (amount > permit.permitted.amount) revert AmountExceedsPermitted();
        if (msg.sender != witness.facilitator) revert UnauthorizedFacilitator();
    }

    function _transfer(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) private {
        if (amount == 0) revert InvalidAmount();
        if (owner == address(0)) revert InvalidOwner();
        address to = witness.to;
        if (to == address(0)) revert InvalidDestination();
        if (block.timestamp < witness.validAfter) revert PaymentTooEarly();
        // The recipient is taken from the witness, which Permit2 verifies against the signature: a
        // facilitator that alters it gets Permit2's InvalidSigner.
        bytes32 witnessHash = keccak256(abi.encode(WITNESS_TYPEHASH, to, witness.facilitator, witness.validAfter));
        PERMIT2.permitWitnessTransferFrom(
            permit,
            ISignatureTransfer.SignatureTransferDetails({to: to, requestedAmount: amount}),
            owner,
            witnessHash,
            WITNESS_TYPE_STRING,
            signature
        );
    }

    function _approvePermit2(address token, address owner, EIP2612Permit calldata permit2612, uint256 permittedAmount)
        private
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
