using System.Text.Json.Nodes;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Realistic agent checkpoint state for size and compression tests and benchmarks: a conversation of chat messages
/// drawn deterministically from an English vocabulary, with tool calls, so it compresses like real state (not like
/// repeated characters, not like random bytes).
/// </summary>
public static class CheckpointStates
{
    private static readonly string[] Words =
    (
        "the agent user tool call result search document answer question please thanks could would should about with from " +
        "into over under before after while because however therefore summary context memory session checkpoint event " +
        "order invoice customer account balance payment refund shipping address delivery status pending complete failed " +
        "retry error timeout network database query table index record field value number string list item page next " +
        "previous first last total amount currency date time today tomorrow yesterday week month year report chart plan " +
        "step task goal reason think observe act reply draft review approve reject escalate ticket priority high low " +
        "medium weather city temperature forecast rain sun wind flight hotel booking price cheap fast direct return seat"
    ).Split(' ');

    /// <summary>A state object of about <paramref name="approximateBytes"/> UTF-8 bytes of JSON; the same for the same arguments.</summary>
    public static JsonObject Conversation(int approximateBytes, int seed = 17)
    {
        var random = new Random(seed);
        var messages = new JsonArray();
        var state = new JsonObject
        {
            ["thread_id"] = $"thread-{seed}",
            ["step"] = 0,
            ["messages"] = messages,
        };
        var size = 64;
        var turn = 0;
        while (size < approximateBytes)
        {
            var content = Sentence(random, 20 + random.Next(120));
            var message = new JsonObject
            {
                ["id"] = $"msg-{seed}-{turn}",
                ["role"] = (turn % 3) switch { 0 => "user", 1 => "assistant", _ => "tool" },
                ["content"] = content,
                ["tokens"] = content.Length / 4,
            };
            if (turn % 3 == 1)
            {
                message["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["name"] = Words[random.Next(Words.Length)] + "_" + Words[random.Next(Words.Length)],
                    ["arguments"] = new JsonObject { ["query"] = Sentence(random, 6), ["limit"] = random.Next(1, 50) },
                });
            }
            messages.Add(message);
            size += content.Length + 120;
            turn++;
        }
        state["step"] = turn;
        return state;
    }

    private static string Sentence(Random random, int words)
    {
        var parts = new string[words];
        for (var i = 0; i < words; i++) parts[i] = Words[random.Next(Words.Length)];
        return string.Join(' ', parts) + ".";
    }
}
