using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Chronos.Storage;

/// <summary>
/// Where a keyset walk stands: the last record returned (its first sort key, its second sort key or 0, its id) and how
/// many records sharing that first sort key the walk has returned up to it (the window the next page reads past).
/// </summary>
internal readonly record struct KeysetPosition(long First, long Second, string Id, int TiesSeen);

/// <summary>
/// The opaque continuation token of a keyset walk: base64url of a versioned binary record (format version, which list,
/// the list's match id, the <see cref="KeysetPosition"/>) and a 4-byte SHA-256 check, so that a token edited by hand,
/// cut short, taken from another list or another agent/session is refused with a typed error naming the parameter
/// instead of silently reading from the wrong place.
/// </summary>
internal static class ContinuationToken
{
    /// <summary>The token format; a new layout takes the next number and refuses (or converts) the older ones.</summary>
    private const byte FormatVersion = 1;

    private const int CheckLength = 4;

    /// <summary>Longer than any token this code writes for ids up to the backends' limits; refused before decoding.</summary>
    private const int MaxTokenLength = 16 * 1024;

    /// <summary>The parameter every keyset list names in its errors.</summary>
    public const string ParameterName = "continuationToken";

    /// <summary>Encodes <paramref name="position"/> of list <paramref name="list"/> over <paramref name="matchId"/>.</summary>
    public static string Encode(KeysetList list, string matchId, KeysetPosition position)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write((byte)list);
            writer.Write(matchId);
            writer.Write(position.First);
            writer.Write(position.Second);
            writer.Write(position.Id);
            writer.Write(position.TiesSeen);
        }
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var bytes = new byte[body.Length + CheckLength];
        body.CopyTo(bytes);
        Check(body).CopyTo(bytes.AsSpan(body.Length));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Decodes a token made by <see cref="Encode"/> for the same list and match id.</summary>
    /// <exception cref="StorageArgumentException">The token is malformed, altered, or from another list or id.</exception>
    public static KeysetPosition Decode(string token, KeysetList list, string matchId, string entity)
    {
        if (token.Length == 0 || token.Length > MaxTokenLength || !Base64Url.IsValid(token))
        {
            throw Invalid(entity, "it is not a continuation token returned by this list (not base64url of the expected size)");
        }
        var bytes = Base64Url.DecodeFromChars(token);
        if (bytes.Length <= CheckLength + 2 || !Check(bytes.AsSpan(0, bytes.Length - CheckLength)).SequenceEqual(bytes.AsSpan(bytes.Length - CheckLength)))
        {
            throw Invalid(entity, "it is not a continuation token returned by this list (its check does not match: altered or cut short)");
        }
        if (bytes[0] != FormatVersion)
        {
            throw Invalid(entity, $"token format {bytes[0]} is not understood by this version (format {FormatVersion})");
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 1, bytes.Length - 1 - CheckLength), new UTF8Encoding(false, throwOnInvalidBytes: true));
            var tokenList = (KeysetList)reader.ReadByte();
            var tokenMatch = reader.ReadString();
            var position = new KeysetPosition(reader.ReadInt64(), reader.ReadInt64(), reader.ReadString(), reader.ReadInt32());
            if (reader.BaseStream.Position != reader.BaseStream.Length || position.TiesSeen < 1)
            {
                throw Invalid(entity, "it is not a continuation token returned by this list (malformed content)");
            }
            if (tokenList != list || tokenMatch != matchId)
            {
                throw Invalid(entity, "the token continues another list or another agent's/session's walk; start this one without a token");
            }
            return position;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or DecoderFallbackException or IOException)
        {
            throw Invalid(entity, "it is not a continuation token returned by this list (malformed content)");
        }
    }

    private static byte[] Check(ReadOnlySpan<byte> body) => SHA256.HashData(body)[..CheckLength];

    private static StorageArgumentException Invalid(string entity, string problem) =>
        new(ParameterName, entity, null, $"'{ParameterName}' was refused: {problem}.");
}

/// <summary>The lists with keyset pages; the number is part of the token.</summary>
internal enum KeysetList : byte
{
    /// <summary><see cref="IStorage.ListSessionsPageAsync"/>.</summary>
    SessionsByAgent = 1,

    /// <summary><see cref="IStorage.ListAuditLogsPageAsync"/>.</summary>
    AuditLogsByAgent = 2,

    /// <summary><see cref="IStorage.ListSessionAuditLogsPageAsync"/>.</summary>
    AuditLogsBySession = 3,

    /// <summary><see cref="IStorage.ListCheckpointsPageAsync"/>.</summary>
    CheckpointsBySession = 4,
}
