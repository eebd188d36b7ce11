package dev.payrail.server.db;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The PostgreSQL role that owns the schema and runs the migrations, when it is not the role the server runs as:
 * {@code DATABASE_MIGRATION_USER} and {@code DATABASE_MIGRATION_PASSWORD}. With it the runtime role
 * ({@code DATABASE_USER}) needs no CREATE privilege (docs/database.md). {@link #toString()} masks the password.
 */
public record MigrationRole(String user, String password) {
    public static final String USER_VARIABLE = "DATABASE_MIGRATION_USER";
    public static final String PASSWORD_VARIABLE = "DATABASE_MIGRATION_PASSWORD";

    public MigrationRole {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Reads the two variables; neither set is "one role does both" (empty).
     *
     * @param postgres whether the server runs on PostgreSQL; SQLite has no roles
     * @throws IllegalArgumentException with one line naming the variable that is missing or not used; never the
     *                                  password
     */
    public static Optional<MigrationRole> fromEnvironment(Map<String, String> env, boolean postgres) {
        Optional<String> user = Optional.ofNullable(env.get(USER_VARIABLE)).map(String::trim)
                .filter(value -> !value.isEmpty());
        // A password is taken as it is: leading or trailing spaces may be part of it.
        Optional<String> password = Optional.ofNullable(env.get(PASSWORD_VARIABLE)).filter(value -> !value.isEmpty());
        if (!postgres) {
            if (user.isPresent()) {
                throw new IllegalArgumentException(USER_VARIABLE + " is only used with a PostgreSQL DATABASE_URL;"
                        + " SQLite has no roles: unset it");
            }
            if (password.isPresent()) {
                throw new IllegalArgumentException(PASSWORD_VARIABLE + " is only used with a PostgreSQL DATABASE_URL;"
                        + " SQLite has no roles: unset it");
            }
            return Optional.empty();
        }
        if (user.isPresent() && password.isEmpty()) {
            throw new IllegalArgumentException(PASSWORD_VARIABLE + " is required when " + USER_VARIABLE
                    + " is set (the password of the migration role)");
        }
        if (password.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException(USER_VARIABLE + " is required when " + PASSWORD_VARIABLE
                    + " is set (the role that owns the schema and runs the migrations)");
        }
        return user.map(name -> new MigrationRole(name, password.get()));
    }

    @Override
    public String toString() {
        return "MigrationRole[user=" + user + ", password=****]";
    }
}
