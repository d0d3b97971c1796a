CREATE TABLE images (
    id text PRIMARY KEY,
    owner_id text NOT NULL,
    content_type text NOT NULL,
    size bigint NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    sha256 text NOT NULL,
    avatar boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL
);

CREATE INDEX images_owner_created ON images (owner_id, created_at);
