using System.Data.Common;
using ForecastWatch.Storage;

namespace ForecastWatch.Mailing;

/// <summary>The mailing services' connections come from the shared factory (same file, same pragmas).</summary>
internal sealed class SqliteMailingDatabase(SqliteConnectionFactory connections) : IMailingDatabase
{
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
}
