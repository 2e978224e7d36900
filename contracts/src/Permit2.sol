// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The one ERC-20 function Permit2 calls.
interface IERC20TransferFrom {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title Permit2
/// @notice Signature transfers with the external interface and EIP-712 semantics of Uniswap Permit2's
/// SignatureTransfer: an owner approves this contract once on a token, then signs off-chain permits
/// that let one spender (the caller of the transfer) move up to a signed amount to recipients the
/// spender names, each permit usable once (unordered nonces) and until its deadline. The witness
/// variants bind extra typed data (for MPP: `PaymentWitness{challengeHash, externalId}`) into the
/// signed message. Written for IndieGent's development and test chains; on public chains use the
/// canonical deployment at 0x000000000022D473030F116dDEE9F6B43aC78BA3.
/// @dev EIP-712 domain: `EIP712Domain(string name,uint256 chainId,address verifyingContract)` with
/// name "Permit2" and no version, computed on every call from `block.chainid` and `address(this)`;
/// there are no immutables, so the runtime code works unchanged wherever it is placed (for example
/// at the canonical address with `anvil_setCode`). Function selectors, structs, the
/// `UnorderedNonceInvalidation` event and the errors Permit2 raises are Permit2's own, so clients
/// written for it work against this contract. Differences: only EOAs sign (no EIP-1271), a signature's
/// `s` must be in the lower half of the curve order (`InvalidSignatureS`), a token without code or
/// whose `transferFrom` returns false reverts with `TransferFromFailed`, and a token's own revert
/// is passed through unchanged. The AllowanceTransfer half of Permit2 is not implemented.
contract Permit2 {
    // ---------------------------------------------------------------- types

    /// @notice A token and the most of it the spender may move.
    struct TokenPermissions {
        address token;
        uint256 amount;
    }

    /// @notice The signed permit for one token.
    struct PermitTransferFrom {
        TokenPermissions permitted;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice The signed permit for several tokens (or the same token several times).
    struct PermitBatchTransferFrom {
        TokenPermissions[] permitted;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice Where the spender sends a permitted token, and how much of it.
    struct SignatureTransferDetails {
        address to;
        uint256 requestedAmount;
    }

    // ---------------------------------------------------------------- errors

    /// @notice The permit's deadline has passed.
    error SignatureExpired(uint256 signatureDeadline);
    /// @notice The owner already used or invalidated the permit's nonce.
    error InvalidNonce();
    /// @notice The spender requested more than the permit allows for the token.
    error InvalidAmount(uint256 maxAmount);
    /// @notice A batch has a different number of transfer details than permitted tokens.
    error LengthMismatch();
    /// @notice The signature is neither 65 bytes (r ‖ s ‖ v) nor 64 bytes (EIP-2098 r ‖ vs).
    error InvalidSignatureLength();
    /// @notice The signature recovers to no address.
    error InvalidSignature();
    /// @notice The signature recovers to an address other than the owner: another key signed, or it
    /// signed another message (another spender, amount, nonce, deadline, witness or chain).
    error InvalidSigner();
    /// @notice The signature's s value is in the upper half of the curve order (malleable).
    error InvalidSignatureS(bytes32 s);
    /// @notice The token has no code, or its transferFrom returned false or something not a bool.
    error TransferFromFailed(address token);

    // ---------------------------------------------------------------- events

    /// @notice The owner set the bits of `mask` in its nonce bitmap word `word`.
    event UnorderedNonceInvalidation(address indexed owner, uint256 word, uint256 mask);

    // ---------------------------------------------------------------- constants

    bytes32 private constant EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)");
    bytes32 private constant HASHED_NAME = keccak256("Permit2");
    bytes32 private constant TOKEN_PERMISSIONS_TYPEHASH = keccak256("TokenPermissions(address token,uint256 amount)");
    bytes32 private constant PERMIT_TRANSFER_FROM_TYPEHASH = keccak256(
        "PermitTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline)"
        "TokenPermissions(address token,uint256 amount)"
    );
    bytes32 private constant PERMIT_BATCH_TRANSFER_FROM_TYPEHASH = keccak256(
        "PermitBatchTransferFrom(TokenPermissions[] permitted,address spender,uint256 nonce,uint256 deadline)"
        "TokenPermissions(address token,uint256 amount)"
    );
    /// @dev The witness variants' type: this stub, then the caller's witnessTypeString, which names the
    /// witness member, closes the struct and appends the referenced types in EIP-712 order.
    bytes private constant PERMIT_WITNESS_TRANSFER_FROM_STUB =
        "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,";
    bytes private constant PERMIT_BATCH_WITNESS_TRANSFER_FROM_STUB =
        "PermitBatchWitnessTransferFrom(TokenPermissions[] permitted,address spender,uint256 nonce,uint256 deadline,";
    /// @dev secp256k1n / 2: a signature with a larger s has a twin (n - s) and is rejected, as in EIP-2.
    uint256 private constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    // ---------------------------------------------------------------- state

    /// @notice Used nonces: bit `nonce & 0xff` of word `nonce >> 8` is set once `owner` used or
    /// invalidated `nonce`.
    mapping(address owner => mapping(uint256 wordPos => uint256 bitmap)) public nonceBitmap;

    // ---------------------------------------------------------------- EIP-712

    /// @notice The EIP-712 domain separator for the current chain and this address.
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return keccak256(abi.encode(EIP712_DOMAIN_TYPEHASH, HASHED_NAME, block.chainid, address(this)));
    }

    // ---------------------------------------------------------------- single token

    /// @notice Moves `transferDetails.requestedAmount` of the permitted token from `owner` to
    /// `transferDetails.to`, with `owner`'s signature over the permit and the caller as spender.
    function permitTransferFrom(
        PermitTransferFrom calldata permit,
        SignatureTransferDetails calldata transferDetails,
        address owner,
        bytes calldata signature
    ) external {
        _permitTransferFrom(permit, transferDetails, owner, _hashPermit(permit, PERMIT_TRANSFER_FROM_TYPEHASH), signature);
    }

    /// @notice As permitTransferFrom, with `witness` (the hash of the caller's extra struct, whose type
    /// `witnessTypeString` completes the signed type) included in the signed message.
    function permitWitnessTransferFrom(
        PermitTransferFrom calldata permit,
        SignatureTransferDetails calldata transferDetails,
        address owner,
        bytes32 witness,
        string calldata witnessTypeString,
        bytes calldata signature
    ) external {
        bytes32 typeHash = keccak256(abi.encodePacked(PERMIT_WITNESS_TRANSFER_FROM_STUB, witnessTypeString));
        _permitTransferFrom(permit, transferDetails, owner, _hashPermit(permit, typeHash, witness), signature);
    }

    // ---------------------------------------------------------------- batch

    /// @notice Moves `transferDetails[i].requestedAmount` of `permit.permitted[i].token` from `owner` to
    /// `transferDetails[i].to` for each i, with `owner`'s signature and the caller as spender. A
    /// requested amount of 0 skips that entry.
    function permitTransferFrom(
        PermitBatchTransferFrom calldata permit,
        SignatureTransferDetails[] calldata transferDetails,
        address owner,
        bytes calldata signature
    ) external {
        _permitBatchTransferFrom(
            permit, transferDetails, owner, _hashBatch(permit, PERMIT_BATCH_TRANSFER_FROM_TYPEHASH), signature
        );
    }

    /// @notice As the batch permitTransferFrom, with a witness as in the single permitWitnessTransferFrom.
    function permitWitnessTransferFrom(
        PermitBatchTransferFrom calldata permit,
        SignatureTransferDetails[] calldata transferDetails,
        address owner,
        bytes32 witness,
        string calldata witnessTypeString,
        bytes calldata signature
    ) external {
        bytes32 typeHash = keccak256(abi.encodePacked(PERMIT_BATCH_WITNESS_TRANSFER_FROM_STUB, witnessTypeString));
        _permitBatchTransferFrom(permit, transferDetails, owner, _hashBatch(permit, typeHash, witness), signature);
    }

    // ---------------------------------------------------------------- nonces

    /// @notice Marks the caller's nonces whose bits are set in `mask`, in bitmap word `wordPos`, as used.
    function invalidateUnorderedNonces(uint256 wordPos, uint256 mask) external {
        nonceBitmap[msg.sender][wordPos] |= mask;
        emit UnorderedNonceInvalidation(msg.sender, wordPos, mask);
    }

    // ---------------------------------------------------------------- internals

    function _permitTransferFrom(
        PermitTransferFrom calldata permit,
        SignatureTransferDetails calldata transferDetails,
        address owner,
        bytes32 structHash,
        bytes calldata signature
    ) private {
        if (block.timestamp > permit.deadline) revert SignatureExpired(permit.deadline);
        uint256 requestedAmount = transferDetails.requestedAmount;
        if (requestedAmount > permit.permitted.amount) revert InvalidAmount(permit.permitted.amount);
        _useNonce(owner, permit.nonce);
        _requireSignedBy(owner, structHash, signature);
        _transferFrom(permit.permitted.token, owner, transferDetails.to, requestedAmount);
    }

    function _permitBatchTransferFrom(
        PermitBatchTransferFrom calldata permit,
        SignatureTransferDetails[] calldata transferDetails,
        address owner,
        bytes32 structHash,
        bytes calldata signature
    ) private {
        if (block.timestamp > permit.deadline) revert SignatureExpired(permit.deadline);
        uint256 count = permit.permitted.length;
        if (transferDetails.length != count) revert LengthMismatch();
        _useNonce(owner, permit.nonce);
        _requireSignedBy(owner, structHash, signature);
        for (uint256 i = 0; i < count; ++i) {
            uint256 requestedAmount = transferDetails[i].requestedAmount;
            uint256 maxAmount = permit.permitted[i].amount;
            if (requestedAmount > maxAmount) revert InvalidAmount(maxAmount);
            // The spender may leave out a permitted entry by requesting 0 of it.
            if (requestedAmount != 0) {
                _transferFrom(permit.permitted[i].token, owner, transferDetails[i].to, requestedAmount);
            }
        }
    }

    function _hashPermit(PermitTransferFrom calldata permit, bytes32 typeHash) private view returns (bytes32) {
        return keccak256(
            abi.encode(typeHash, _hashTokenPermissions(permit.permitted), msg.sender, permit.nonce, permit.deadline)
        );
    }

    function _hashPermit(PermitTransferFrom calldata permit, bytes32 typeHash, bytes32 witness)
        private
        view
        returns (bytes32)
    {
        return keccak256(
            abi.encode(
                typeHash, _hashTokenPermissions(permit.permitted), msg.sender, permit.nonce, permit.deadline, witness
            )
        );
    }

    function _hashBatch(PermitBatchTransferFrom calldata permit, bytes32 typeHash) private view returns (bytes32) {
        return keccak256(abi.encode(typeHash, _hashPermittedArray(permit.permitted), msg.sender, permit.nonce, permit.deadline));
    }

    function _hashBatch(PermitBatchTransferFrom calldata permit, bytes32 typeHash, bytes32 witness)
        private
        view
        returns (bytes32)
    {
        return keccak256(
            abi.encode(
                typeHash, _hashPermittedArray(permit.permitted), msg.sender, permit.nonce, permit.deadline, witness
            )
        );
    }

    /// @dev EIP-712 encodes an array of structs as the keccak256 of its members' hashes, concatenated.
    function _hashPermittedArray(TokenPermissions[] calldata permitted) private pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](permitted.length);
        for (uint256 i = 0; i < permitted.length; ++i) {
            hashes[i] = _hashTokenPermissions(permitted[i]);
        }
        return keccak256(abi.encodePacked(hashes));
    }

    function _hashTokenPermissions(TokenPermissions calldata permitted) private pure returns (bytes32) {
        return keccak256(abi.encode(TOKEN_PERMISSIONS_TYPEHASH, permitted.token, permitted.amount));
    }

    function _useNonce(address owner, uint256 nonce) private {
        uint256 wordPos = nonce >> 8;
        uint256 bit = 1 << (nonce & 0xff);
        uint256 word = nonceBitmap[owner][wordPos];
        if (word & bit != 0) revert InvalidNonce();
        nonceBitmap[owner][wordPos] = word | bit;
    }

    function _requireSignedBy(address owner, bytes32 structHash, bytes calldata signature) private view {
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", DOMAIN_SEPARATOR(), structHash));
        bytes32 r;
        bytes32 s;
        uint8 v;
        if (signature.length == 65) {
            r = bytes32(signature[0:32]);
            s = bytes32(signature[32:64]);
            v = uint8(signature[64]);
        } else if (signature.length == 64) {
            // EIP-2098: the top bit of the second word is the parity (v - 27), the rest is s.
            r = bytes32(signature[0:32]);
            bytes32 vs = bytes32(signature[32:64]);
            s = bytes32((uint256(vs) << 1) >> 1);
            v = uint8(uint256(vs) >> 255) + 27;
        } else {
            revert InvalidSignatureLength();
        }
        if (uint256(s) > HALF_CURVE_ORDER) revert InvalidSignatureS(s);
        // ecrecover returns the zero address for a v other than 27 or 28.
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature();
        if (signer != owner) revert InvalidSigner();
    }

    /// @dev transferFrom that accepts tokens returning nothing (as USDT does) and passes a token's own
    /// revert through unchanged, so the caller sees why the token refused.
    function _transferFrom(address token, address from, address to, uint256 amount) private {
        if (token.code.length == 0) revert TransferFromFailed(token);
        (bool success, bytes memory result) =
            token.call(abi.encodeCall(IERC20TransferFrom.transferFrom, (from, to, amount)));
        if (!success) {
            if (result.length == 0) revert TransferFromFailed(token);
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        if (result.length != 0 && (result.length < 32 || abi.decode(result, (uint256)) != 1)) {
            revert TransferFromFailed(token);
        }
    }
}
