-- Extensions the schema relies on: citext gives case-insensitive e-mail addresses.
CREATE EXTENSION IF NOT EXISTS citext;
