package dev.payrail.provider;

import dev.payrail.payment.api.CurrencyCode;
import dev.payrail.provider.auth.jwt.AuthConfig;
import dev.payrail.provider.auth.jwt.AuthConfigException;
import dev.payrail.server.DatabaseTimeouts;
import dev.payrail.server.db.DatabaseUrl;
import dev.payrail.server.db.MigrationRole;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Optional;

/**
 * The provider's configuration, read once from environment variables, validated, then frozen.
 *
 * @param port                  {@code PORT}, 0 for a free port
 * @param bindAddress           {@code BIND_ADDRESS}
 * @param database              where charges and idempotency keys are kept
 * @param successRate           {@code SUCCESS_RATE}: probability that a new charge succeeds
 * @param randomSeed            {@code RANDOM_SEED}: makes every charge's outcome a function of (seed, idempotency key)
 * @param requireKnownCustomers {@code REQUIRE_KNOWN_CUSTOMERS}: only registered customers can be charged
 * @param faultLatency          {@code FAULT_LATENCY_MS}: added to every {@code /v1/*} request
 * @param faultErrorRate        {@code FAULT_ERROR_RATE}: share of {@code /v1/*} requests answered 503 before any work
 * @param legacyApi             {@code LEGACY_API}: serve the unauthenticated legacy endpoints
 * @param legacyDefaultCurrency {@code LEGACY_DEFAULT_CURRENCY}: the currency of a legacy charge that names none
 *                              (Antaeus sends {@code "currency":{}}) for a customer whose currency is not known yet
 * @param shutdownTimeout       {@code SHUTDOWN_TIMEOUT_MS}: bound on finishing in-flight requests at shutdown
 * @param auth                  {@code AUTH_*}: how callers of {@code /v1/*} are authenticated (on by default)
 * @param healthPort            {@code HEALTH_PORT}: a listener of its own for {@code /health/*} (the probes), or empty
 */
public record ProviderConfig(
        int port,
        String bindAddress,
        Database database,
        double successRate,
        OptionalLong randomSeed,
        boolean requireKnownCustomers,
        Duration faultLatency,
        double faultErrorRate,
        boolean legacyApi,
        String legacyDefaultCurrency,
        Duration shutdownTimeout,
        AuthConfig auth,
        OptionalInt healthPort) {

    public static final int DEFAULT_PORT = 9000;
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final double DEFAULT_SUCCESS_RATE = 0.5;
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
    public static final String DEFAULT_LEGACY_CURRENCY = "EUR";
    /** The file name of the SQLite database inside {@code DATA_DIR}. */
    public static final String SQLITE_FILE = "payment-provider.db";

    public ProviderConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(randomSeed, "randomSeed");
        Objects.requireNonNull(faultLatency, "faultLatency");
        Objects.requireNonNull(legacyDefaultCurrency, "legacyDefaultCurrency");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(healthPort, "healthPort");
    }

    /**
     * Where the ledger lives. {@code password} is never printed: {@link #toString()} masks it.
     *
     * @param jdbcUrl  a {@code jdbc:sqlite:} URL (derived from {@code DATA_DIR}) or the {@code jdbc:postgresql:} URL
     *                 read from DATABASE_URL by {@link DatabaseUrl}, without credentials
     * @param dataDir  the directory of the SQLite file; {@code null} for PostgreSQL
     * @param user     {@code DATABASE_USER}, else the URL's user; may be {@code null}
     * @param password {@code DATABASE_PASSWORD}, else the URL's password; may be {@code null}
     * @param poolSize {@code DB_POOL_SIZE}
     * @param timeouts {@code DB_CONNECTION_TIMEOUT_MS}, {@code DB_QUERY_TIMEOUT_MS}, {@code DB_STARTUP_TIMEOUT_SECONDS}
     * @param migrationRole {@code DATABASE_MIGRATION_USER} and {@code DATABASE_MIGRATION_PASSWORD} (PostgreSQL only):
     *                 the role that migrates, so that {@code user} needs no CREATE; empty when {@code user} does both
     */
    public record Database(String jdbcUrl, Path dataDir, String user, String password, int poolSize,
            DatabaseTimeouts timeouts, Optional<MigrationRole> migrationRole) {
        public Database {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(timeouts, "timeouts");
            Objects.requireNonNull(migrationRole, "migrationRole");
        }

        public boolean isPostgres() {
            return jdbcUrl.startsWith("jdbc:postgresql:");
        }

        /** The URL as it may be logged: any {@code password=} parameter masked. */
        public String maskedUrl() {
            return maskUrl(jdbcUrl);
        }

        @Override
        public String toString() {
            return "Database[jdbcUrl=" + maskedUrl() + ", dataDir=" + dataDir + ", user=" + user
                    + ", password=" + (password == null ? "null" : "****") + ", poolSize=" + poolSize + ", timeouts="
                    + timeouts + ", migrationRole=" + migrationRole.map(MigrationRole::toString).orElse("none") + "]";
        }
    }

    /** Reads and validates the configuration; throws {@link ConfigException} with one plain line on the first error. */
    public static ProviderConfig fromEnvironment(Map<String, String> env) {
        Reader r = new Reader(env);
        int port = r.integer("PORT", DEFAULT_PORT, 0, 65_535);
        String bindAddress = r.bindAddress("BIND_ADDRESS", DEFAULT_BIND_ADDRESS);
        Database database = r.database();
        double successRate = r.fraction("SUCCESS_RATE", DEFAULT_SUCCESS_RATE);
        OptionalLong seed = r.optionalLong("RANDOM_SEED");
        boolean requireKnown = r.bool("REQUIRE_KNOWN_CUSTOMERS", false);
        Duration faultLatency = Duration.ofMillis(r.integer("FAULT_LATENCY_MS", 0, 0, 60_000));
        double faultErrorRate = r.fraction("FAULT_ERROR_RATE", 0);
        boolean legacy = r.bool("LEGACY_API", false);
        String legacyCurrency = r.legacyCurrency("LEGACY_DEFAULT_CURRENCY", DEFAULT_LEGACY_CURRENCY);
        Duration shutdown = Duration.ofMillis(
                r.integer("SHUTDOWN_TIMEOUT_MS", (int) DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, 600_000));
        OptionalInt healthPort = r.optionalPort("HEALTH_PORT", port);
        // Read by LogConfigurator before this runs; a typo must not pass silently.
        dev.payrail.server.LogConfigurator.invalidSetting(env).ifPresent(invalid -> {
            throw ConfigException.invalid(invalid.variable(), invalid.value(), invalid.expectation());
        });
        AuthConfig auth;
        try {
            auth = AuthConfig.fromEnvironment(env);
        } catch (AuthConfigException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
        return new ProviderConfig(port, bindAddress, database, successRate, seed, requireKnown, faultLatency,
                faultErrorRate, legacy, legacyCurrency, shutdown, auth, healthPort);
    }

    static String maskUrl(String url) {
        return DatabaseUrl.mask(url);
    }

    /** Reads one variable at a time; blank counts as unset. */
    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = Objects.requireNonNull(env, "env");
        }

        String raw(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        int integer(String name, int defaultValue, int min, int max) {
            String value = raw(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ConfigException.invalid(name, value, "must be an integer from " + min + " to " + max);
        }

        OptionalLong optionalLong(String name) {
            String value = raw(name);
            if (value == null) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw ConfigException.invalid(name, value, "must be a 64-bit integer");
            }
        }

        double fraction(String name, double defaultValue) {
            String value = raw(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                double parsed = Double.parseDouble(value);
                if (parsed >= 0 && parsed <= 1) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ConfigException.invalid(name, value, "must be a number from 0 to 1");
        }

        /** Legacy callers send two decimals, so the currency must have exactly two minor-unit digits. */
        String legacyCurrency(String name, String defaultValue) {
            String value = raw(name);
            if (value == null) {
                return defaultValue;
            }
            String code = value.toUpperCase(Locale.ROOT);
            try {
                CurrencyCode.requireValid(name, code);
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(name, value, "must be an ISO 4217 currency code such as EUR");
            }
            if (CurrencyCode.minorUnitDigits(code) != 2) {
                throw ConfigException.invalid(name, value, "must be a currency with two decimals (legacy callers send"
                        + " values such as 227.43), e.g. EUR, USD or DKK; " + code + " has "
                        + CurrencyCode.minorUnitDigits(code));
            }
            return code;
        }

        boolean bool(String name, boolean defaultValue) {
            String value = raw(name);
            if (value == null) {
                return defaultValue;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw ConfigException.invalid(name, value, "must be true or false");
            };
        }

        String bindAddress(String name, String defaultValue) {
            String value = raw(name);
            if (value == null) {
                return defaultValue;
            }
            if (!value.matches("[0-9A-Fa-f.:]+|[A-Za-z0-9.-]+")) {
                throw ConfigException.invalid(name, value, "must be an IP address or host name");
            }
            try {
                InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                throw ConfigException.invalid(name, value, "does not resolve to an address of this host");
            }
            return value;
        }

        OptionalInt optionalPort(String name, int applicationPort) {
            if (raw(name) == null) {
                return OptionalInt.empty();
            }
            int value = integer(name, 0, 0, 65_535);
            if (value != 0 && value == applicationPort) {
                throw ConfigException.invalid(name, raw(name), "must differ from PORT");
            }
            return OptionalInt.of(value);
        }

        DatabaseTimeouts timeouts() {
            return new DatabaseTimeouts(
                    Duration.ofMillis(integer("DB_CONNECTION_TIMEOUT_MS", DatabaseTimeouts.DEFAULT_CONNECTION_MS,
                            DatabaseTimeouts.MIN_CONNECTION_MS, DatabaseTimeouts.MAX_CONNECTION_MS)),
                    Duration.ofMillis(integer("DB_QUERY_TIMEOUT_MS", DatabaseTimeouts.DEFAULT_QUERY_MS,
                            DatabaseTimeouts.MIN_QUERY_MS, DatabaseTimeouts.MAX_QUERY_MS)),
                    Duration.ofSeconds(integer("DB_STARTUP_TIMEOUT_SECONDS", DatabaseTimeouts.DEFAULT_STARTUP_SECONDS,
                            0, DatabaseTimeouts.MAX_STARTUP_SECONDS)));
        }

        Database database() {
            int poolSize = integer("DB_POOL_SIZE", DEFAULT_POOL_SIZE, 2, 200);
            DatabaseTimeouts timeouts = timeouts();
            String url = raw("DATABASE_URL");
            String user = raw("DATABASE_USER");
            String password = env.get("DATABASE_PASSWORD");
            if (url == null) {
                if (user != null) {
                    throw ConfigException.invalid("DATABASE_USER", user, "is only used with a DATABASE_URL");
                }
                String dir = raw("DATA_DIR");
                Path dataDir;
                try {
                    dataDir = Path.of(dir == null ? DEFAULT_DATA_DIR : dir).toAbsolutePath().normalize();
                } catch (InvalidPathException e) {
                    throw ConfigException.invalid("DATA_DIR", dir, "is not a valid path");
                }
                return new Database("jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE), dataDir, null, null, poolSize, timeouts,
                        migrationRole(false));
            }
            DatabaseUrl parsed;
            try {
                parsed = DatabaseUrl.parse("DATABASE_URL", url, Optional.ofNullable(user),
                        Optional.ofNullable(password));
            } catch (DatabaseUrl.Invalid e) {
                throw ConfigException.invalid("DATABASE_URL", e.maskedUrl(), e.expectation());
            }
            if (!parsed.postgres()) {
                throw ConfigException.invalid("DATABASE_URL", maskUrl(url), "must be a PostgreSQL URL"
                        + " (postgresql://user:password@host:5432/db or jdbc:postgresql://host:5432/db); leave it unset"
                        + " for SQLite in DATA_DIR");
            }
            return new Database(parsed.jdbcUrl(), null, parsed.user().orElse(null), parsed.password().orElse(null),
                    poolSize, timeouts, migrationRole(true));
        }

        Optional<MigrationRole> migrationRole(boolean postgres) {
            try {
                return MigrationRole.fromEnvironment(env, postgres);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid configuration: " + e.getMessage());
            }
        }
    }
}
