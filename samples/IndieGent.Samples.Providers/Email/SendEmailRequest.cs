using System.Net.Mail;

namespace IndieGent.Samples.Providers.Email;

/// <summary>The body of <c>POST /email/send</c>.</summary>
public sealed record SendEmailRequest(string? To, string? Subject, string? Text)
{
    public const int MaxSubjectLength = 200;
    public const int MaxTextLength = 10_000;

    /// <summary>Every field's problem; empty when the message can be sent.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsAddress(To))
            errors["to"] = ["'to' is one plain email address, e.g. ada@example.com."];
        if (string.IsNullOrWhiteSpace(Subject) || Subject.Length > MaxSubjectLength || Subject.Any(char.IsControl))
            errors["subject"] = [$"'subject' is 1 to {MaxSubjectLength} characters on one line."];
        if (string.IsNullOrWhiteSpace(Text) || Text.Length > MaxTextLength)
            errors["text"] = [$"'text' is 1 to {MaxTextLength} characters."];
        return errors;
    }

    public static bool IsAddress(string? address) =>
        address is { Length: > 0 and <= 254 } && MailAddress.TryCreate(address, out var parsed) &&
        parsed.Address == address && string.IsNullOrEmpty(parsed.DisplayName);
}
