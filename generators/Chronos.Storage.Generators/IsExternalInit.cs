// netstandard2.0 lacks the marker type the compiler needs for init accessors (records); this is all the polyfill the
// generator needs, written here instead of a polyfill source generator whose output order made builds irreproducible.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
