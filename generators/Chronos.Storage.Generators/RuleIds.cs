namespace Chronos.Storage.Generators;

/// <summary>
/// Diagnostic IDs, in bands: CHR1xxx spec file, CHR2xxx record vs. spec drift, CHR3xxx backend capability,
/// CHR4xxx migrations, CHR5xxx MEVD vector records (Chronos.VectorData). The descriptors (titles, severities, help links) live in DiagnosticDescriptors.
/// </summary>
internal static class RuleIds
{
    public const string SpecSyntax = "CHR1001";
    public const string SpecMissing = "CHR1002";
    public const string StorageNameCollision = "CHR1003";
    public const string MissingKey = "CHR1004";
    public const string IndexOnUnknownField = "CHR1005";
    public const string PropertyNotInSpec = "CHR2001";
    public const string SpecFieldWithoutProperty = "CHR2002";
    public const string TypeMismatch = "CHR2003";
    public const string KeyMismatch = "CHR2004";
    public const string NotPartialRecord = "CHR2005";
    public const string UnsupportedType = "CHR3001";
    public const string UnindexableField = "CHR3002";
    public const string VersionWithoutMigration = "CHR4001";
    public const string VectorKeyCount = "CHR5001";
    public const string VectorCount = "CHR5002";
    public const string VectorUnsupportedKey = "CHR5003";
    public const string VectorUnsupportedDataType = "CHR5004";
    public const string VectorUnsupportedVectorType = "CHR5005";
    public const string VectorUnsupportedSetting = "CHR5006";
    public const string VectorRecordShape = "CHR5007";
}
