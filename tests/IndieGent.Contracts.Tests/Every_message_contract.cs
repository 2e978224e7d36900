using System.Reflection;
using IndieGent.Contracts;

namespace IndieGent.Contracts.Tests;

/// <summary>The conventions of shared/IndieGent.Contracts/README.md, checked on every message type.</summary>
public sealed class Every_message_contract
{
    private static readonly Type[] Messages = typeof(ICorrelatedMessage).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICorrelatedMessage).IsAssignableFrom(t))
        .ToArray();

    public static TheoryData<string> MessageNames() => new(Messages.Select(t => t.FullName!));

    private static Type Find(string name) => Messages.Single(t => t.FullName == name);

    [Fact]
    public void The_payment_flow_messages_exist() =>
        Assert.True(Messages.Length >= 8, $"only {Messages.Length} message types found");

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Is_a_sealed_record(string name)
    {
        var type = Find(name);
        Assert.True(type.IsSealed, $"{name} is not sealed");
        // Records have a compiler-generated EqualityContract property.
        Assert.NotNull(type.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic));
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Carries_amounts_as_integers_never_as_floating_point(string name)
    {
        var offending = FloatingPointMembers(Find(name), []).ToList();
        Assert.True(offending.Count == 0, $"{name} has floating-point members: {string.Join(", ", offending)}");
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Is_immutable(string name)
    {
        var setters = Find(name).GetProperties()
            .Where(p => p.SetMethod is { IsPublic: true } setter &&
                        !setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit"))
            .Select(p => p.Name).ToList();
        Assert.True(setters.Count == 0, $"{name} has mutable properties: {string.Join(", ", setters)}");
    }

    private static IEnumerable<string> FloatingPointMembers(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type))
            yield break;
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (t == typeof(float) || t == typeof(double) || t == typeof(decimal))
                yield return $"{type.Name}.{property.Name}";
            else if (t.Namespace?.StartsWith("IndieGent.Contracts", StringComparison.Ordinal) == true)
                foreach (var nested in FloatingPointMembers(t, seen))
                    yield return nested;
        }
    }
}
