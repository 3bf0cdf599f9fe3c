using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Storage;

/// <summary>
/// A batch of SQL statements run on an open <see cref="SqliteConnection"/>'s own database handle, below
/// Microsoft.Data.Sqlite: each value is one native call on the statement (<c>sqlite3_column_int64</c>, ...), without the
/// provider's type check per value, boxing or SafeHandle reference counting per call. For hot reads of a few
/// thousand rows whose column types the schema fixes (STRICT tables, NOT NULL columns, aggregates of them): a
/// getter does not check the stored type, so a NULL reads as 0 or "" (use <see cref="IsNull"/> where a column may be
/// NULL). Runs inside whatever transaction the connection has open; parameters bind by name as the provider's do
/// (<c>@Name</c>, <c>$Name</c> or <c>:Name</c>), and a parameter the statement names but the caller did not give stops
/// the batch with an error rather than reading as NULL. One statement is stepped at a time, in the order written.
/// Not thread-safe, like the connection.
/// </summary>
internal sealed class SqliteRawBatch : IColumnReader, IDisposable
{
    private const string Library = "e_sqlite3";
    private const int SqliteOk = 0;
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private const int SqliteNull = 5;

    // SQLITE_TRANSIENT: SQLite copies bound text before the call returns.
    private static readonly IntPtr Transient = new(-1);

    private readonly SafeHandle _databaseHandle;
    private readonly IntPtr _database;
    private IReadOnlyList<KeyValuePair<string, object?>> _parameters;
    private readonly CancellationToken _cancellationToken;
    private IntPtr _sql;
    private IntPtr _next;
    private IntPtr _statement;
    private bool _releaseDatabase;

    /// <summary>Prepares nothing yet: <see cref="NextStatement"/> prepares and binds each statement in turn.</summary>
    public SqliteRawBatch(SqliteConnection connection, string sql, IReadOnlyList<KeyValuePair<string, object?>> parameters,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(parameters);
        _databaseHandle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        _databaseHandle.DangerousAddRef(ref _releaseDatabase);
        _database = _databaseHandle.DangerousGetHandle();
        _parameters = parameters;
        _cancellationToken = cancellationToken;
        _sql = Marshal.StringToCoTaskMemUTF8(sql);
        _next = _sql;
    }

    /// <summary>
    /// Finishes the current statement and prepares the next one of the batch; false when there is none (only white
    /// space or comments left).
    /// </summary>
    public bool NextStatement()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        Finalize(ref _statement);
        while (_next != IntPtr.Zero && Marshal.ReadByte(_next) != 0)
        {
            Check(sqlite3_prepare_v2(_database, _next, -1, out var statement, out var tail));
            _next = tail;
            if (statement == IntPtr.Zero)
            {
                continue;
            }

            _statement = statement;
            Bind();
            return true;
        }

        return false;
    }

    /// <summary>Runs the current statement again from its start with other values (no new prepare).</summary>
    public void Rerun(IReadOnlyList<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (_statement == IntPtr.Zero)
        {
            throw new InvalidOperationException("No statement to run again.");
        }

        _cancellationToken.ThrowIfCancellationRequested();
        _ = sqlite3_reset(_statement);
        Check(sqlite3_clear_bindings(_statement));
        _parameters = parameters;
        Bind();
    }

    /// <summary>Steps the current statement: true while it has a row.</summary>
    public bool Read()
    {
        var rc = sqlite3_step(_statement);
        if (rc == SqliteRow)
        {
            return true;
        }

        if (rc == SqliteDone)
        {
            return false;
        }

        throw Error(rc);
    }

    public long GetInt64(int column) => sqlite3_column_int64(_statement, column);

    public double GetDouble(int column) => sqlite3_column_double(_statement, column);

    /// <summary>The column as text (UTF-8 decoded); "" for NULL.</summary>
    public string GetString(int column)
    {
        var text = sqlite3_column_text(_statement, column);
        return text == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(text, sqlite3_column_bytes(_statement, column));
    }

    public bool IsNull(int column) => sqlite3_column_type(_statement, column) == SqliteNull;

    public void Dispose()
    {
        Finalize(ref _statement);
        if (_sql != IntPtr.Zero)
        {
            Marshal.FreeCoTaskMem(_sql);
            _sql = IntPtr.Zero;
            _next = IntPtr.Zero;
        }

        if (_releaseDatabase)
        {
            _releaseDatabase = false;
            _databaseHandle.DangerousRelease();
        }
    }

    private void Bind()
    {
        var count = sqlite3_bind_parameter_count(_statement);
        for (var i = 1; i <= count; i++)
        {
            var name = Marshal.PtrToStringUTF8(sqlite3_bind_parameter_name(_statement, i))
                ?? throw new InvalidOperationException($"Parameter {i} of the statement has no name.");
            var bare = name.Length > 1 && name[0] is '@' or '$' or ':' ? name[1..] : name;
            var found = false;
            foreach (var (key, value) in _parameters)
            {
                if (string.Equals(key, bare, StringComparison.Ordinal))
                {
                    BindValue(i, value);
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                throw new InvalidOperationException($"No value given for parameter '{name}'.");
            }
        }
    }

    private void BindValue(int index, object? value)
    {
        switch (value)
        {
            case null:
                Check(sqlite3_bind_null(_statement, index));
                break;
            case string text:
                var utf8 = Marshal.StringToCoTaskMemUTF8(text);
                try
                {
                    Check(sqlite3_bind_text(_statement, index, utf8, -1, Transient));
                }
                finally
                {
                    Marshal.FreeCoTaskMem(utf8);
                }

                break;
            case bool flag:
                Check(sqlite3_bind_int64(_statement, index, flag ? 1 : 0));
                break;
            case int or long:
                Check(sqlite3_bind_int64(_statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)));
                break;
            case double number:
                Check(sqlite3_bind_double(_statement, index, number));
                break;
            default:
                throw new ArgumentException($"Cannot bind a {value.GetType().Name}.", nameof(value));
        }
    }

    private static void Finalize(ref IntPtr statement)
    {
        if (statement != IntPtr.Zero)
        {
            _ = sqlite3_finalize(statement);
            statement = IntPtr.Zero;
        }
    }

    private void Check(int rc)
    {
        if (rc != SqliteOk)
        {
            throw Error(rc);
        }
    }

    private SqliteException Error(int rc) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"SQLite Error {rc}: '{Marshal.PtrToStringUTF8(sqlite3_errmsg(_database))}'."), rc);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_prepare_v2(IntPtr database, IntPtr sql, int bytes, out IntPtr statement, out IntPtr tail);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_step(IntPtr statement);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_finalize(IntPtr statement);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr sqlite3_errmsg(IntPtr database);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_reset(IntPtr statement);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_clear_bindings(IntPtr statement);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_bind_parameter_count(IntPtr statement);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr sqlite3_bind_parameter_name(IntPtr statement, int index);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_bind_null(IntPtr statement, int index);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_bind_double(IntPtr statement, int index, double value);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_bind_text(IntPtr statement, int index, IntPtr text, int bytes, IntPtr destructor);

    // The column getters are short, never block and never call back into the runtime: no GC transition needed.
    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern long sqlite3_column_int64(IntPtr statement, int column);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern double sqlite3_column_double(IntPtr statement, int column);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern int sqlite3_column_type(IntPtr statement, int column);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern IntPtr sqlite3_column_text(IntPtr statement, int column);

    [DllImport(Library)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern int sqlite3_column_bytes(IntPtr statement, int column);
}

/// <summary>A row's columns by position: <see cref="SqliteRawBatch"/>, or a provider's reader wrapped.</summary>
internal interface IColumnReader
{
    string GetString(int column);

    long GetInt64(int column);

    double GetDouble(int column);

    bool IsNull(int column);
}
