namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>What a server concludes about an echoed challenge before it looks at the payment itself.</summary>
public enum ChallengeVerdict
{
    /// <summary>The id matches the HMAC of the echoed fields and the challenge is current.</summary>
    Valid = 0,

    /// <summary>The echoed fields do not reproduce the id: forged or altered (<c>invalid-challenge</c>).</summary>
    IdMismatch = 1,

    /// <summary>The challenge's <c>expires</c> has passed (<c>payment-expired</c>).</summary>
    Expired = 2,

    /// <summary>The challenge was issued for another protection space (<c>invalid-challenge</c>).</summary>
    RealmMismatch = 3,
}
