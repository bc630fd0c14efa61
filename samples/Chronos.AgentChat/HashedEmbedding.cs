namespace Chronos.AgentChat;

/// <summary>
/// A small deterministic local embedding: a hashed bag of words (FNV-1a of each lower-cased word picks one of
/// <see cref="Dimension"/> buckets), L2-normalized. No model, no download, the same vector on every machine; good
/// enough to find the fact that shares words with a question.
/// </summary>
public static class HashedEmbedding
{
    // Not a power of two: with 256 (or 512, 1024) buckets "use" and "code" collide, and a question about backends
    // found the NativeAOT fact.
    public const int Dimension = 1000;

    public static float[] Embed(string text)
    {
        var vector = new float[Dimension];
        foreach (var word in Words(text))
        {
            vector[(int)(Fnv1a(word) % Dimension)] += 1;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        }
        else
        {
            vector[0] = 1; // an empty text still needs a non-zero vector for cosine similarity
        }
        return vector;
    }

    private static IEnumerable<string> Words(string text) =>
        text.ToLowerInvariant()
            .Split(static c => !char.IsLetterOrDigit(c))
            .Where(static w => w.Length > 2 && !StopWords.Contains(w));

    private static readonly HashSet<string> StopWords = ["the", "and", "what", "which", "does", "how", "are", "for", "with", "can", "you", "its", "that", "this"];

    private static uint Fnv1a(string word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}

file static class SplitExtensions
{
    public static string[] Split(this string text, Func<char, bool> isSeparator)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !isSeparator(text[i]))
            {
                if (start < 0) start = i;
            }
            else if (start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }
        return [.. words];
    }
}
