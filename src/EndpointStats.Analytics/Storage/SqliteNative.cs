using System.Runtime.InteropServices;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// The few SQLite bind calls of the event writer, called directly in the bundled <c>e_sqlite3</c> library (the one
/// SQLitePCLRaw loads) on raw statement pointers. Binding is most of the per-row cost: this skips the safe-handle
/// reference counting and interface dispatch of the wrapper, and the GC transition (a bind neither blocks nor calls back).
/// Values are bound <c>SQLITE_STATIC</c> from pinned memory the caller keeps alive and unchanged until the statement ran,
/// so SQLite copies nothing.
/// </summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_STATIC: the memory outlives the statement's execution; SQLite neither copies nor frees it.</summary>
    public static readonly IntPtr Static = IntPtr.Zero;

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int BindInt64(IntPtr statement, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_int", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int BindInt(IntPtr statement, int index, int value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_double", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int BindDouble(IntPtr statement, int index, double value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_null", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int BindNull(IntPtr statement, int index);

    [DllImport(Library, EntryPoint = "sqlite3_bind_text", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int BindText(IntPtr statement, int index, IntPtr utf8, int bytes, IntPtr destructor);

    [DllImport(Library, EntryPoint = "sqlite3_bind_blob", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int BindBlob(IntPtr statement, int index, IntPtr bytes, int length, IntPtr destructor);
}
