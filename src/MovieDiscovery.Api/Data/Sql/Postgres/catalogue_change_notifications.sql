-- Every committed change to the public catalogue sends one notification (PostgreSQL folds identical ones within
-- a transaction); the API's response cache listens and empties itself. A repeatable script: applied after the
-- versioned migrations whenever its checksum changes (docs/decisions/0030-repeatable-sql-scripts.md).
CREATE OR REPLACE FUNCTION notify_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalogue_changed', '');
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER movies_notify_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON movies
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE OR REPLACE TRIGGER genres_notify_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON genres
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE OR REPLACE TRIGGER movie_genres_notify_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON movie_genres
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE OR REPLACE TRIGGER actors_notify_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON actors
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE OR REPLACE TRIGGER cast_notify_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cast"
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE OR REPLACE TRIGGER countries_notify_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON countries
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE OR REPLACE TRIGGER movie_availability_notify_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON movie_availability
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE OR REPLACE TRIGGER availability_windows_notify_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON availability_windows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
