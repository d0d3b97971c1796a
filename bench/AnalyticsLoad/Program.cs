using AnalyticsLoad;

// analytics load/query benchmark helper; see bench/analytics.sh.
//   load  URL KEY EVENTS DAYS BATCH CONCURRENCY [SPOOL_DIR] -> prints "events seconds events_per_second"
//   csv   FILE EVENTS DAYS                        -> writes the same kind of rows for psql \copy
//   query URL CONNECTION_STRING API_RUNS SQL_RUNS  -> prints the query table
return args switch
{
    ["load", var url, var key, var events, var days, var batch, var concurrency] =>
        await Loader.RunAsync(new Uri(url), key, long.Parse(events), int.Parse(days), int.Parse(batch), int.Parse(concurrency), Path.GetTempPath()),
    ["load", var url, var key, var events, var days, var batch, var concurrency, var spool] =>
        await Loader.RunAsync(new Uri(url), key, long.Parse(events), int.Parse(days), int.Parse(batch), int.Parse(concurrency), spool),
    ["csv", var file, var events, var days] => CsvWriter.Run(file, long.Parse(events), int.Parse(days)),
    ["query", var url, var connection, var apiRuns, var sqlRuns] =>
        await QueryBench.RunAsync(new Uri(url), connection, int.Parse(apiRuns), int.Parse(sqlRuns)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AnalyticsLoad load URL KEY EVENTS DAYS BATCH CONCURRENCY [SPOOL_DIR] | csv FILE EVENTS DAYS | query URL CONNSTRING API_RUNS SQL_RUNS");
    return 2;
}
