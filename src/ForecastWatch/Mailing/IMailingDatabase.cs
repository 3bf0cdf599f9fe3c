using System.Data.Common;

namespace ForecastWatch.Mailing;

/// <summary>Opens a connection (pragmas applied, migrations done) for one unit of work of the mailing services.</summary>
public interface IMailingDatabase
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
