namespace EndpointStats.Cluster.Tests;

/// <summary>What <c>kubectl get pods -n shop</c> prints for the fixture pods: name, STATUS, READY, RESTARTS.</summary>
internal static class ExpectedStatuses
{
    public static (string Name, string Status, string Ready, int Restarts)[] All { get; } =
    [
        ("web-7c5ddbdf54-2xkqp", "Running", "1/1", 0),
        ("web-7c5ddbdf54-8mz4t", "Running", "1/1", 0),
        ("web-7c5ddbdf54-x9v7c", "Terminating", "1/1", 0),
        ("api-5f8d9c7b6d-k2j4h", "CrashLoopBackOff", "1/2", 7),
        ("api-5f8d9c7b6d-p7r8s", "ContainerCreating", "0/2", 0),
        ("worker-6b7f8d9c5-lm3np", "ImagePullBackOff", "0/1", 0),
        ("worker-6b7f8d9c5-zz8qw", "ErrImagePull", "0/1", 0),
        ("batch-migrate-28312345-8fzq2", "Completed", "0/1", 0),
        ("batch-report-28312346-wq5mx", "Error", "0/1", 0),
        ("batch-import-28312347-k8s9d", "OOMKilled", "0/1", 0),
        ("db-seed-7d8f6c9b5-q4w2e", "Init:1/2", "0/1", 0),
        ("db-seed-7d8f6c9b5-h6j8k", "Init:CrashLoopBackOff", "0/1", 4),
        ("search-6c9d8f7b5-r5t6y", "PodInitializing", "0/1", 0),
        ("search-6c9d8f7b5-e1v2c", "Evicted", "0/1", 0),
        ("reports-8d7f6c5b4-n3m4p", "Pending", "0/1", 0),
    ];

    public static TheoryData<string, string, string, int> Pods
    {
        get
        {
            var data = new TheoryData<string, string, string, int>();
            foreach (var (name, status, ready, restarts) in All)
            {
                data.Add(name, status, ready, restarts);
            }

            return data;
        }
    }
}
