-- One row per change of a pod's printed status or node, never per poll. changed_at is Unix time in milliseconds (UTC).
CREATE TABLE cluster_pod_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    namespace  TEXT    NOT NULL,
    pod_name   TEXT    NOT NULL,
    pod_uid    TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    node       TEXT    NULL,
    changed_at INTEGER NOT NULL
);

CREATE INDEX ix_cluster_pod_history_namespace_time ON cluster_pod_history (namespace, changed_at);
CREATE INDEX ix_cluster_pod_history_pod_time ON cluster_pod_history (namespace, pod_name, changed_at);
CREATE INDEX ix_cluster_pod_history_uid ON cluster_pod_history (pod_uid, id);
