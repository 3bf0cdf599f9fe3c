using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace ForecastWatch.Storage;

/// <summary>
/// One prepared command executed for many rows, each row's public properties bound by name (<c>@Name</c>), as
/// Dapper would bind them. SQLite compiles a statement, together with the programs of every trigger it fires,
/// when it is prepared, and Microsoft.Data.Sqlite prepares each new command again (dotnet/efcore#14044). Since
/// migration 0008 an INSERT into predictions fires the running-sums trigger, so compiling it once per row cost more
/// than the rest of an import. A loop that writes many rows in one transaction keeps one of these per statement.
/// </summary>
internal sealed class RowCommand : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly Dictionary<string, DbParameter> _parameters = new(StringComparer.Ordinal);

    public RowCommand(DbConnection connection, DbTransaction? transaction, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
    }

    /// <summary>
    /// Binds the public properties of <typeparamref name="T"/> read from <paramref name="row"/> and the
    /// <paramref name="extra"/> values, then runs the statement. The properties are those of the declared type (kept
    /// by the trimmer through the annotation), so pass a sealed row type.
    /// </summary>
    public async Task<int> ExecuteAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        T row, IReadOnlyList<(string Name, object? Value)> extra, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(extra);
        foreach (var property in Columns<T>.Properties)
        {
            Bind(property.Name, property.GetValue(row));
        }

        foreach (var (name, value) in extra)
        {
            Bind(name, value);
        }

        return await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private void Bind(string name, object? value)
    {
        if (!_parameters.TryGetValue(name, out var parameter))
        {
            parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + name;
            _command.Parameters.Add(parameter);
            _parameters.Add(name, parameter);
        }

        parameter.Value = value ?? DBNull.Value;
    }

    private static class Columns<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>
    {
        public static readonly PropertyInfo[] Properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
    }
}
