namespace Chronos.Quickstart;

/// <summary>
/// A stand-in for a model: deterministic replies so that the sample runs offline and its output is reproducible.
/// The storage calls around it are what the sample shows.
/// </summary>
internal static class ScriptedAgent
{
    private static readonly (string User, string Assistant)[] Script =
    [
        ("Hi, I'm Ada. Can you help me plan a trip?", "Hello Ada! Where would you like to go?"),
        ("Somewhere with mountains, in spring.", "The Dolomites in late May are lovely. Shall I look at huts?"),
        ("Yes, and I prefer quiet places.", "Noted: quiet huts. I'll keep that in mind for next time."),
        ("What did I tell you about myself?", "You're Ada, you like mountains in spring, and quiet places."),
    ];

    /// <summary>The user message and the reply for turn <paramref name="turn"/> (0-based; the script repeats).</summary>
    public static (string User, string Assistant) Turn(long turn) => Script[turn % Script.Length];
}
