CREATE TABLE identity_users (
    id text PRIMARY KEY,
    username text NOT NULL UNIQUE,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    role text NOT NULL,
    display_name text NULL,
    bio text NULL,
    avatar_image_id text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One row ever: whoever inserts it first is the install's first account and becomes admin.
CREATE TABLE identity_bootstrap (
    id integer PRIMARY KEY CHECK (id = 1),
    user_id text NOT NULL
);

CREATE TABLE identity_refresh_tokens (
    token_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES identity_users(id) ON DELETE CASCADE,
    family_id text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz NULL,
    revoked_at timestamptz NULL
);

CREATE INDEX identity_refresh_tokens_family ON identity_refresh_tokens (family_id);
CREATE INDEX identity_refresh_tokens_user ON identity_refresh_tokens (user_id);
