namespace EndpointStats.Analytics.Storage;

/// <summary>How a batch reached the store, which decides whether its ids must be checked against the ones stored before.</summary>
public enum EventDelivery
{
    /// <summary>From the collect endpoints: a client may send a batch again (after a timeout, say), so every id is checked.</summary>
    MayRepeat,

    /// <summary>
    /// From the gateway in this process: every event is new (its id is made when it is recorded) and is offered once; a
    /// failed write rolls back whole and is offered again. The SQLite store skips the id check for these; PostgreSQL checks
    /// every batch alike.
    /// </summary>
    InProcess,
}
