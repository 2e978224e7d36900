// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IndieUSDC
/// @notice A USDC-like ERC-20 for development and test chains: 6 decimals, owner-only minting,
/// EIP-2612 `permit` and EIP-3009 transfer/receive/cancel with authorization. The external
/// functions have the same signatures as Circle's FiatToken v2.2, including the `bytes signature`
/// overloads, so x402 and MPP clients written for USDC work against it unchanged.
/// @dev The EIP-712 domain is {name: name(), version: version(), chainId, verifyingContract: this},
/// as on real USDC: a client reads `name()` and `version()` from the token to build the domain.
/// Only EOA signatures are accepted (no EIP-1271). Signatures must be 65 bytes (r ‖ s ‖ v) with a
/// low `s` and `v` of 27 or 28; anything else reverts.
contract IndieUSDC {
    // ---------------------------------------------------------------- errors

    /// @notice The caller is not the owner.
    error OwnableUnauthorizedAccount(address account);
    /// @notice The new owner is the zero address.
    error OwnableInvalidOwner(address owner);
    /// @notice Tokens cannot be sent to this receiver (the zero address).
    error ERC20InvalidReceiver(address receiver);
    /// @notice An allowance cannot be granted to this spender (the zero address).
    error ERC20InvalidSpender(address spender);
    /// @notice The sender holds less than the amount moved.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// @notice The spender's allowance is less than the amount moved.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// @notice The authorization's validAfter has not passed yet.
    error AuthorizationNotYetValid(uint256 validAfter);
    /// @notice The authorization's validBefore has passed.
    error AuthorizationExpired(uint256 validBefore);
    /// @notice The authorization nonce was already used or canceled.
    error AuthorizationUsedOrCanceled(address authorizer, bytes32 nonce);
    /// @notice receiveWithAuthorization was called by someone other than the payee.
    error CallerMustBePayee(address caller, address payee);
    /// @notice The permit's deadline has passed.
    error PermitExpired(uint256 deadline);
    /// @notice The signature is not 65 bytes long.
    error InvalidSignatureLength(uint256 length);
    /// @notice The signature's s value is in the upper half of the curve order (malleable).
    error InvalidSignatureS(bytes32 s);
    /// @notice The signature's v value is neither 27 nor 28.
    error InvalidSignatureV(uint8 v);
    /// @notice The signature does not recover to any address.
    error InvalidSignature();
    /// @notice The signature recovers to an address other than the one that must sign.
    error InvalidSigner(address signer, address expected);

    // ---------------------------------------------------------------- events

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);
    event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    // ---------------------------------------------------------------- constants

    bytes32 public constant TRANSFER_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    bytes32 public constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    bytes32 public constant CANCEL_AUTHORIZATION_TYPEHASH = keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");
    bytes32 public constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant EIP712_DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    /// @dev secp256k1n / 2: a signature with a larger s has a twin (n - s) and is rejected, as in EIP-2.
    uint256 private constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice Base units per token: 1 USDC = 1_000_000.
    uint8 public constant decimals = 6;

    // ---------------------------------------------------------------- state

    /// @notice Token name, also the EIP-712 domain name.
    string public name;
    string public symbol;
    string private _version;
    uint256 public totalSupply;
    mapping(address account => uint256) public balanceOf;
    mapping(address holder => mapping(address spender => uint256)) public allowance;
    /// @notice EIP-2612 permit nonce per holder.
    mapping(address holder => uint256) public nonces;
    mapping(address authorizer => mapping(bytes32 nonce => bool)) private _authorizationStates;
    address private _owner;

    bytes32 private immutable _hashedName;
    bytes32 private immutable _hashedVersion;
    uint256 private immutable _cachedChainId;
    bytes32 private immutable _cachedDomainSeparator;

    /// @param name_ token name and EIP-712 domain name (USDC on Base Sepolia: "USDC")
    /// @param symbol_ token symbol
    /// @param version_ EIP-712 domain version (USDC: "2")
    constructor(string memory name_, string memory symbol_, string memory version_) {
        name = name_;
        symbol = symbol_;
        _version = version_;
        bytes32 hashedName = keccak256(bytes(name_));
        bytes32 hashedVersion = keccak256(bytes(version_));
        _hashedName = hashedName;
        _hashedVersion = hashedVersion;
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator(hashedName, hashedVersion);
        _transferOwnership(msg.sender);
    }

    modifier onlyOwner() {
        if (msg.sender != _owner) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    // ---------------------------------------------------------------- ownership and minting

    /// @notice The account allowed to mint.
    function owner() external view returns (address) {
        return _owner;
    }

    /// @notice Hands minting rights to another account.
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert OwnableInvalidOwner(address(0));
        _transferOwnership(newOwner);
    }

    /// @notice Creates `amount` base units for `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        totalSupply += amount;
        // Cannot overflow: the sum of all balances is totalSupply, which the checked add above bounds.
        unchecked {
            balanceOf[to] += amount;
        }
        emit Transfer(address(0), to, amount);
    }

    // ---------------------------------------------------------------- ERC-20

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < value) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
        unchecked {
            allowance[from][msg.sender] = allowed - value;
        }
        _transfer(from, to, value);
        return true;
    }

    // ---------------------------------------------------------------- EIP-712

    /// @notice The EIP-712 domain version ("2" on USDC).
    function version() external view returns (string memory) {
        return _version;
    }

    /// @notice The EIP-712 domain separator for the current chain.
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        // Recomputed after a chain split so signatures for the other chain do not verify here.
        return block.chainid == _cachedChainId
            ? _cachedDomainSeparator
            : _buildDomainSeparator(_hashedName, _hashedVersion);
    }

    // ---------------------------------------------------------------- EIP-2612

    /// @notice Sets `spender`'s allowance over `holder`'s tokens to `value` with `holder`'s signature.
    /// @dev EIP-2612 calls the first parameter `owner`; it is `holder` here because `owner()` is the
    /// minting account. Parameter names are not part of the selector or the signed struct.
    function permit(
        address holder,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        _permit(holder, spender, value, deadline, abi.encodePacked(r, s, v));
    }

    /// @notice As the (v, r, s) overload, with a 65-byte signature r ‖ s ‖ v.
    function permit(address holder, address spender, uint256 value, uint256 deadline, bytes memory signature)
        external
    {
        _permit(holder, spender, value, deadline, signature);
    }

    // ---------------------------------------------------------------- EIP-3009

    /// @notice True when `authorizer` has used or canceled `nonce`.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _authorizationStates[authorizer][nonce];
    }

    /// @notice Moves `value` from `from` to `to` with `from`'s signed authorization; anyone may submit it.
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        _transferWithAuthorization(
            TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, abi.encodePacked(r, s, v)
        );
    }

    /// @notice As the (v, r, s) overload, with a 65-byte signature r ‖ s ‖ v.
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external {
        _transferWithAuthorization(
            TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, signature
        );
    }

    /// @notice As transferWithAuthorization, but only the payee `to` may submit it, which stops a
    /// front-runner from spending the authorization in a transaction the payee did not expect.
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (to != msg.sender) revert CallerMustBePayee(msg.sender, to);
        _transferWithAuthorization(
            RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, abi.encodePacked(r, s, v)
        );
    }

    /// @notice As the (v, r, s) overload, with a 65-byte signature r ‖ s ‖ v.
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external {
        if (to != msg.sender) revert CallerMustBePayee(msg.sender, to);
        _transferWithAuthorization(
            RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, signature
        );
    }

    /// @notice Burns an unused authorization nonce with the authorizer's signature.
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        _cancelAuthorization(authorizer, nonce, abi.encodePacked(r, s, v));
    }

    /// @notice As the (v, r, s) overload, with a 65-byte signature r ‖ s ‖ v.
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes memory signature) external {
        _cancelAuthorization(authorizer, nonce, signature);
    }

    // ---------------------------------------------------------------- internals

    function _transferOwnership(address newOwner) private {
        address previousOwner = _owner;
        _owner = newOwner;
        emit OwnershipTransferred(previousOwner, newOwner);
    }

    function _transfer(address from, address to, uint256 value) private {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        uint256 fromBalance = balanceOf[from];
        if (fromBalance < value) revert ERC20InsufficientBalance(from, fromBalance, value);
        // Cannot overflow or underflow: checked just above, and balances sum to totalSupply.
        unchecked {
            balanceOf[from] = fromBalance - value;
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }

    function _approve(address holder, address spender, uint256 value) private {
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        allowance[holder][spender] = value;
        emit Approval(holder, spender, value);
    }

    function _permit(address holder, address spender, uint256 value, uint256 deadline, bytes memory signature)
        private
    {
        if (block.timestamp > deadline) revert PermitExpired(deadline);
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, holder, spender, value, nonces[holder]++, deadline));
        _requireSignedBy(holder, structHash, signature);
        _approve(holder, spender, value);
    }

    function _transferWithAuthorization(
        bytes32 typeHash,
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) private {
        if (block.timestamp <= validAfter) revert AuthorizationNotYetValid(validAfter);
        if (block.timestamp >= validBefore) revert AuthorizationExpired(validBefore);
        _requireUnusedAuthorization(from, nonce);
        _requireSignedBy(
            from, keccak256(abi.encode(typeHash, from, to, value, validAfter, validBefore, nonce)), signature
        );
        _authorizationStates[from][nonce] = true;
        emit AuthorizationUsed(from, nonce);
        _transfer(from, to, value);
    }

    function _cancelAuthorization(address authorizer, bytes32 nonce, bytes memory signature) private {
        _requireUnusedAuthorization(authorizer, nonce);
        _requireSignedBy(authorizer, keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce)), signature);
        _authorizationStates[authorizer][nonce] = true;
        emit AuthorizationCanceled(authorizer, nonce);
    }

    function _requireUnusedAuthorization(address authorizer, bytes32 nonce) private view {
        if (_authorizationStates[authorizer][nonce]) revert AuthorizationUsedOrCanceled(authorizer, nonce);
    }

    function _requireSignedBy(address expected, bytes32 structHash, bytes memory signature) private view {
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", DOMAIN_SEPARATOR(), structHash));
        address signer = _recover(digest, signature);
        if (signer != expected) revert InvalidSigner(signer, expected);
    }

    function _recover(bytes32 digest, bytes memory signature) private pure returns (address) {
        if (signature.length != 65) revert InvalidSignatureLength(signature.length);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        if (uint256(s) > HALF_CURVE_ORDER) revert InvalidSignatureS(s);
        if (v != 27 && v != 28) revert InvalidSignatureV(v);
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature();
        return signer;
    }

    function _buildDomainSeparator(bytes32 hashedName, bytes32 hashedVersion) private view returns (bytes32) {
        return keccak256(abi.encode(EIP712_DOMAIN_TYPEHASH, hashedName, hashedVersion, block.chainid, address(this)));
    }
}
