using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ForecastWatch.Storage;

/// <summary>
/// The data layer's one way to run a statement: parameters bound by name one by one, rows read by a static reader of
/// each row type (<c>Row.Read</c>), no reflection and no generated IL, so it runs the same under native AOT and
/// trimming. Usage: <c>connection.Sql(text, transaction).Bind("Name", value).QueryAsync(Row.Read, cancellationToken)</c>.
/// It keeps what the stores relied on from Dapper: <c>@Name</c> placeholders, enums bound as their number, null bound as
/// NULL, single-row reads that refuse a second row, scalars converted to the asked type.
/// </summary>
internal static class SqlExtensions
{
    public static SqlStatement Sql(this DbConnection connection, string sql, DbTransaction? transaction = null) =>
        new(connection, transaction, sql);
}

/// <summary>One statement being bound, then run once by one of the terminal methods (which dispose it).</summary>
internal sealed class SqlStatement
{
    private readonly DbCommand _command;

    public SqlStatement(DbConnection connection, DbTransaction? transaction, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        _command = connection.CreateCommand();
        // Only when given, as Dapper did: SQLite's CreateCommand already enlists the connection's open transaction.
        if (transaction is not null)
        {
            _command.Transaction = transaction;
        }

        _command.CommandText = sql;
    }

    /// <summary>
    /// Binds <c>@name</c>. Enums go in as their number, anything else as given; null goes in as NULL typed by
    /// <typeparamref name="T"/> (as Dapper did), so PostgreSQL knows the type of <c>@name IS NULL</c>.
    /// </summary>
    public SqlStatement Bind<T>(string name, T value)
    {
        var parameter = _command.CreateParameter();
        parameter.ParameterName = "@" + name;
        switch (value)
        {
            case null:
                parameter.Value = DBNull.Value;
                if (DbTypeOf(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)) is { } type)
                {
                    parameter.DbType = type;
                }

                break;
            case Enum e:
                parameter.Value = Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture);
                break;
            default:
                parameter.Value = value;
                break;
        }

        _command.Parameters.Add(parameter);
        return this;
    }

    private static System.Data.DbType? DbTypeOf(Type type) =>
        type == typeof(string) ? System.Data.DbType.String
        : type == typeof(long) ? System.Data.DbType.Int64
        : type == typeof(int) ? System.Data.DbType.Int32
        : type == typeof(bool) ? System.Data.DbType.Boolean
        : type == typeof(double) ? System.Data.DbType.Double
        : type == typeof(byte[]) ? System.Data.DbType.Binary
        : type == typeof(DateTimeOffset) ? System.Data.DbType.DateTimeOffset
        : null;

    /// <summary>Sets the command timeout in seconds (the provider's default otherwise).</summary>
    public SqlStatement Timeout(int seconds)
    {
        _command.CommandTimeout = seconds;
        return this;
    }

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var command = _command;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first column of the first row converted to <typeparamref name="T"/>; default when none or NULL.</summary>
    public async Task<T?> ScalarAsync<T>(CancellationToken cancellationToken)
    {
        await using var command = _command;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return SqlRead.Convert<T>(value);
    }

    public async Task<List<T>> QueryAsync<T>(Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = _command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Rows as they are read, for result sets too large to hold.</summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(
        Func<DbDataReader, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = _command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return read(reader);
        }
    }

    /// <summary>
    /// Hands the open reader to <paramref name="read"/> (several result sets, rows read by ordinal), then disposes the
    /// reader and the command.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = _command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await read(reader).ConfigureAwait(false);
    }

    /// <summary>The first row, or default when there is none.</summary>
    public async Task<T?> FirstOrDefaultAsync<T>(Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = _command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? read(reader) : default;
    }

    /// <summary>The only row, or default when there is none; a second row is an error.</summary>
    public async Task<T?> SingleOrDefaultAsync<T>(Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = _command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return default;
        }

        var row = read(reader);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The statement returned more than one row where one was expected.");
        }

        return row;
    }

    /// <summary>The only row; none or a second one is an error.</summary>
    public async Task<T> SingleAsync<T>(Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = _command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The statement returned no row where one was expected.");
        }

        var row = read(reader);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The statement returned more than one row where one was expected.");
        }

        return row;
    }
}

/// <summary>
/// Column readers by name for the row types' <c>Read</c> methods. Both providers are read the same way: integers of
/// any width (SQLite's int64, PostgreSQL's int4/int8/numeric) convert to the asked width, booleans come from a bool or
/// a non-zero integer. As Dapper did, NULL read into a non-nullable member gives the type's default.
/// </summary>
internal static class SqlRead
{
    public static string Text(this DbDataReader reader, string name) => reader.TextOrNull(name)!;

    public static string? TextOrNull(this DbDataReader reader, string name)
    {
        var value = Value(reader, name);
        return value is null ? null : value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    public static long Int64(this DbDataReader reader, string name) => reader.Int64OrNull(name) ?? 0;

    public static long? Int64OrNull(this DbDataReader reader, string name) => Convert<long?>(Value(reader, name));

    public static int Int32(this DbDataReader reader, string name) => reader.Int32OrNull(name) ?? 0;

    public static int? Int32OrNull(this DbDataReader reader, string name) => Convert<int?>(Value(reader, name));

    public static double Double(this DbDataReader reader, string name) => reader.DoubleOrNull(name) ?? 0;

    public static double? DoubleOrNull(this DbDataReader reader, string name) => Convert<double?>(Value(reader, name));

    public static bool Bool(this DbDataReader reader, string name) => reader.BoolOrNull(name) ?? false;

    public static bool? BoolOrNull(this DbDataReader reader, string name) => Convert<bool?>(Value(reader, name));

    public static byte[]? BytesOrNull(this DbDataReader reader, string name) => Value(reader, name) as byte[];

    /// <summary>
    /// The first column as <typeparamref name="T"/>, for queries of one column (NULL gives default, as with Dapper's
    /// <c>Query&lt;T&gt;</c>; ask for a nullable type where the column can be NULL).
    /// </summary>
    public static T First<T>(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Convert<T>(reader.IsDBNull(0) ? null : reader.GetValue(0))!;
    }

    /// <summary>A database value as <typeparamref name="T"/> (null and DBNull give default), as Dapper converted.</summary>
    public static T? Convert<T>(object? value)
    {
        if (value is null or DBNull)
        {
            return default;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target == typeof(bool) && value is not string)
        {
            return (T)(object)(System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0);
        }

        return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The ordinal of column <paramref name="name"/> (case-insensitive, as PostgreSQL folds unquoted aliases), or -1
    /// when the result set has no such column: readers that look their columns up once per result set read -1 as NULL.
    /// </summary>
    public static int OrdinalOf(DbDataReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public static string? TextOrNull(this DbDataReader reader, int ordinal)
    {
        var value = Value(reader, ordinal);
        return value is null ? null : value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    public static long Int64(this DbDataReader reader, int ordinal) => reader.Int64OrNull(ordinal) ?? 0;

    public static long? Int64OrNull(this DbDataReader reader, int ordinal) => Convert<long?>(Value(reader, ordinal));

    public static double? DoubleOrNull(this DbDataReader reader, int ordinal) => Convert<double?>(Value(reader, ordinal));

    private static object? Value(DbDataReader reader, int ordinal) =>
        ordinal < 0 || reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);

    private static object? Value(DbDataReader reader, string name)
    {
        var ordinal = reader.GetOrdinal(name);
        return reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
    }
}
