namespace IndieGent.Wallet.Api.Extensions;

/// <summary>
/// Reads master keys from a directory: one file per key, its name the key id, its content the
/// base64 key (surrounding whitespace ignored). Hidden entries are skipped, which is how a mounted
/// Kubernetes Secret lays out its files (<c>..data</c> and friends beside one link per key).
/// </summary>
public static class MasterKeyFiles
{
    public static Dictionary<string, string> Read(string? directory)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory))
            return keys;
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (!name.StartsWith('.'))
                keys[name] = File.ReadAllText(path).Trim();
        }

        return keys;
    }
}
