-- One row per change of a pod's printed status or node, never per poll.
CREATE TABLE cluster_pod_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    namespace  text        NOT NULL,
    pod_name   text        NOT NULL,
    pod_uid    text        NOT NULL,
    status     text        NOT NULL,
    node       text        NULL,
    changed_at timestamptz NOT NULL
);

CREATE INDEX ix_cluster_pod_history_namespace_time ON cluster_pod_history (namespace, changed_at);
CREATE INDEX ix_cluster_pod_history_pod_time ON cluster_pod_history (namespace, pod_name, changed_at);
CREATE INDEX ix_cluster_pod_history_uid ON cluster_pod_history (pod_uid, id);
