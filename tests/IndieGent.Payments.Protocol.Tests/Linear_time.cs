using IndieGent.Payments.Protocol.Http;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>
/// The tokenizer counts every character it examines (<see cref="AuthHeaderParser.Steps"/>). For
/// adversarial shapes the count must stay within a small constant of the input length, and a
/// fourfold input must cost about fourfold: no timing, so no flakiness on a busy machine.
/// </summary>
public sealed class Linear_time
{
    public static TheoryData<string, string, string> Shapes => new()
    {
        { "unclosed escapes", "Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\", fuzz=\"", "\\" },
        { "escaped quotes", "Payment x=\"", "\\\"" },
        { "unicode escapes", "Payment x=\"", "\\u0041" },
        { "broken unicode escapes", "Payment x=\"", "\\u00" },
        { "many parameters", "Payment ", "a=b, " },
        { "many quoted parameters", "Payment ", "a=\"b\", " },
        { "many schemes", "", "Payment, " },
        { "scheme words", "", "Payment x " },
        { "token68 look-alikes", "Payment ", "abc=" },
        { "quote junk after a value", "Payment id=\"x\" ", "\"a\"" },
        { "unbalanced quotes", "Payment a=", "\"" },
        { "value-less parameters", "Payment ", "a=\"" },
        { "whitespace before equals", "Payment a", " " },
        { "commas", "", "," },
        { "long token", "", "a" },
        { "empty elements", "Payment id=\"x\"", ", ," },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Work_grows_linearly_with_input_length(string shape, string prefix, string unit)
    {
        _ = shape;
        var (small, smallLength) = Steps(prefix, unit, 1_500);
        var (large, largeLength) = Steps(prefix, unit, 6_000);

        Assert.InRange(small, 1, 4L * smallLength + 64);
        Assert.InRange(large, 1, 4L * largeLength + 64);
        Assert.True(large <= 4.5 * small + 64, $"{small} steps for {smallLength} chars, {large} for {largeLength}");
    }

    [Fact]
    public void The_conformance_stress_vector_costs_a_few_steps_per_character()
    {
        var value = "Payment id=\"ch_redos\", realm=\"api.example.com\", method=\"tempo\", intent=\"charge\", request=\"e30\", fuzz=\"" + new string('\\', 12_000);
        AuthHeaderParser.Steps = 0;

        var challenge = PaymentChallenge.Parse(value);

        Assert.Equal("ch_redos", challenge.Id);
        Assert.InRange(AuthHeaderParser.Steps, value.Length / 2, 2L * value.Length);
    }

    private static (long Steps, int Length) Steps(string prefix, string unit, int count)
    {
        var value = prefix + string.Concat(Enumerable.Repeat(unit, count));
        AuthHeaderParser.Steps = 0;
        AuthHeaderParser.Parse(value);
        PaymentChallenge.ParseAll([value]);
        AuthHeaderParser.ParseParameterList(value);
        return (AuthHeaderParser.Steps, value.Length * 3);
    }
}
