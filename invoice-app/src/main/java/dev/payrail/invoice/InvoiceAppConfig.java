package dev.payrail.invoice;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import dev.payrail.server.DatabaseTimeouts;
import dev.payrail.server.db.DatabaseUrl;
import dev.payrail.server.db.MigrationRole;

/**
 * The invoice service's configuration, read from environment variables and validated once at start-up.
 * Every variable is documented in {@code docs/invoice-app.md}.
 *
 * @param port                  {@code PORT}, 0 picks a free port
 * @param bindAddress           {@code BIND_ADDRESS}
 * @param providerEndpoint      {@code PAYMENT_PROVIDER_ENDPOINT}, the provider's base URL (required)
 * @param dataDir               {@code DATA_DIR}, where the SQLite file lives
 * @param databaseUrl           {@code DATABASE_URL}: {@code postgresql://user:pass@host:5432/db?sslmode=…},
 *                              {@code postgres://…}, {@code jdbc:postgresql:…} or {@code jdbc:sqlite:…}; empty for SQLite
 *                              under DATA_DIR (see {@link #database()})
 * @param databaseUser          {@code DATABASE_USER}
 * @param databasePassword      {@code DATABASE_PASSWORD} (masked in {@link #toString()})
 * @param dbPoolSize            {@code DB_POOL_SIZE}
 * @param payConcurrency        {@code PAY_CONCURRENCY}, charges in flight at once per process
 * @param seedDemoData          {@code SEED_DEMO_DATA}
 * @param seedCustomers         {@code SEED_CUSTOMERS}
 * @param seedInvoicesPerCustomer {@code SEED_INVOICES_PER_CUSTOMER}
 * @param attemptLease          {@code PAYMENT_ATTEMPT_LEASE_SECONDS}: how long a run may go without reporting (it
 *                              reports every lease / 4, at most every 2 s) before other runs resolve its in-flight
 *                              attempts (its process is presumed dead)
 * @param connectTimeout        {@code PAYMENT_PROVIDER_CONNECT_TIMEOUT_MS}
 * @param readTimeout           {@code PAYMENT_PROVIDER_READ_TIMEOUT_MS}
 * @param maxRetries            {@code PAYMENT_PROVIDER_MAX_RETRIES}
 * @param shutdownTimeout       {@code SHUTDOWN_TIMEOUT_MS}
 * @param auth                  the {@code AUTH_*} variables
 * @param adminToken            {@code ADMIN_TOKEN}: when set, every POST needs it as a bearer token (operators only)
 * @param dbTimeouts            {@code DB_CONNECTION_TIMEOUT_MS}, {@code DB_QUERY_TIMEOUT_MS}, {@code DB_STARTUP_TIMEOUT_SECONDS}
 * @param healthPort            {@code HEALTH_PORT}: a listener of its own for {@code /health/*} (the probes), or empty
 * @param migrationRole         {@code DATABASE_MIGRATION_USER} and {@code DATABASE_MIGRATION_PASSWORD}: the role that
 *                              runs the migrations when the runtime role may not CREATE (PostgreSQL only), or empty
 */
public record InvoiceAppConfig(
        int port,
        String bindAddress,
        URI providerEndpoint,
        Path dataDir,
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        int dbPoolSize,
        int payConcurrency,
        boolean seedDemoData,
        int seedCustomers,
        int seedInvoicesPerCustomer,
        Duration attemptLease,
        Duration connectTimeout,
        Duration readTimeout,
        int maxRetries,
        Duration shutdownTimeout,
        Auth auth,
        Optional<String> adminToken,
        DatabaseTimeouts dbTimeouts,
        OptionalInt healthPort,
        Optional<MigrationRole> migrationRole) {

    public static final int DEFAULT_PORT = 8000;

    /**
     * How invoice-app authenticates to the provider. Exactly one way, or none (the provider then runs with
     * {@code AUTH_DISABLED=true}).
     *
     * @param privateKeyFile {@code AUTH_PRIVATE_KEY_FILE}: PKCS#8 PEM EC P-256 key for self-signed JWTs
     * @param keyId          {@code AUTH_KEY_ID}
     * @param issuer         {@code AUTH_ISSUER} (default {@code invoice-app})
     * @param subject        {@code AUTH_SUBJECT} (default {@code invoice-app})
     * @param audience       {@code AUTH_AUDIENCE} (default {@code payment-provider})
     * @param tokenFile      {@code AUTH_TOKEN_FILE}: a token re-read when it changes (projected service-account token)
     */
    public record Auth(
            Optional<Path> privateKeyFile,
            Optional<String> keyId,
            String issuer,
            String subject,
            String audience,
            Optional<Path> tokenFile) {
        public Auth {
            Objects.requireNonNull(privateKeyFile, "privateKeyFile");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(tokenFile, "tokenFile");
            if (privateKeyFile.isPresent() && tokenFile.isPresent()) {
                throw new ConfigException("AUTH_PRIVATE_KEY_FILE and AUTH_TOKEN_FILE are both set: use one of them");
            }
            if (privateKeyFile.isPresent() && keyId.isEmpty()) {
                throw new ConfigException("AUTH_KEY_ID is required when AUTH_PRIVATE_KEY_FILE is set");
            }
        }

        /** No authentication configured. */
        public static Auth none() {
            return new Auth(Optional.empty(), Optional.empty(), "invoice-app", "invoice-app", "payment-provider",
                    Optional.empty());
        }
    }

    public InvoiceAppConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(providerEndpoint, "providerEndpoint");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(databaseUser, "databaseUser");
        Objects.requireNonNull(databasePassword, "databasePassword");
        Objects.requireNonNull(migrationRole, "migrationRole");
        Objects.requireNonNull(attemptLease, "attemptLease");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(dbTimeouts, "dbTimeouts");
        Objects.requireNonNull(healthPort, "healthPort");
        if (healthPort.isPresent() && healthPort.getAsInt() != 0 && healthPort.getAsInt() == port) {
            throw new ConfigException("HEALTH_PORT must differ from PORT, both were " + port);
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("PORT must be between 0 and 65535, was " + port);
        }
        if (payConcurrency < 1) {
            throw new ConfigException("PAY_CONCURRENCY must be at least 1, was " + payConcurrency);
        }
    }

    /**
     * Reads and validates the configuration.
     *
     * @throws ConfigException naming the first bad variable and its value
     */
    public static InvoiceAppConfig fromEnvironment(Map<String, String> env) {
        Env e = new Env(env);
        // Read by LogConfigurator before this runs; a typo must not pass silently.
        dev.payrail.server.LogConfigurator.invalidSetting(env).ifPresent(invalid -> {
            throw new ConfigException(invalid.message());
        });
        Auth auth = new Auth(
                e.string("AUTH_PRIVATE_KEY_FILE").map(Path::of),
                e.string("AUTH_KEY_ID"),
                e.string("AUTH_ISSUER").orElse("invoice-app"),
                e.string("AUTH_SUBJECT").orElse("invoice-app"),
                e.string("AUTH_AUDIENCE").orElse("payment-provider"),
                e.string("AUTH_TOKEN_FILE").map(Path::of));
        InvoiceAppConfig config = new InvoiceAppConfig(
                e.integer("PORT", DEFAULT_PORT, 0, 65535),
                e.string("BIND_ADDRESS").orElse("0.0.0.0"),
                providerEndpoint(e.string("PAYMENT_PROVIDER_ENDPOINT")),
                Path.of(e.string("DATA_DIR").orElse("./data")),
                databaseUrl(e.string("DATABASE_URL")),
                e.string("DATABASE_USER"),
                e.string("DATABASE_PASSWORD"),
                e.integer("DB_POOL_SIZE", 8, 1, 200),
                e.integer("PAY_CONCURRENCY", 16, 1, 1024),
                e.bool("SEED_DEMO_DATA", true),
                e.integer("SEED_CUSTOMERS", 100, 0, 10_000_000),
                e.integer("SEED_INVOICES_PER_CUSTOMER", 10, 0, 10_000),
                Duration.ofSeconds(e.integer("PAYMENT_ATTEMPT_LEASE_SECONDS", 10, 0, 86_400)),
                Duration.ofMillis(e.integer("PAYMENT_PROVIDER_CONNECT_TIMEOUT_MS", 2_000, 1, 600_000)),
                Duration.ofMillis(e.integer("PAYMENT_PROVIDER_READ_TIMEOUT_MS", 10_000, 1, 600_000)),
                e.integer("PAYMENT_PROVIDER_MAX_RETRIES", 3, 0, 20),
                Duration.ofMillis(e.integer("SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000)),
                auth,
                adminToken(e.string("ADMIN_TOKEN")),
                new DatabaseTimeouts(
                        Duration.ofMillis(e.integer("DB_CONNECTION_TIMEOUT_MS", DatabaseTimeouts.DEFAULT_CONNECTION_MS,
                                DatabaseTimeouts.MIN_CONNECTION_MS, DatabaseTimeouts.MAX_CONNECTION_MS)),
                        Duration.ofMillis(e.integer("DB_QUERY_TIMEOUT_MS", DatabaseTimeouts.DEFAULT_QUERY_MS,
                                DatabaseTimeouts.MIN_QUERY_MS, DatabaseTimeouts.MAX_QUERY_MS)),
                        Duration.ofSeconds(e.integer("DB_STARTUP_TIMEOUT_SECONDS",
                                DatabaseTimeouts.DEFAULT_STARTUP_SECONDS, 0, DatabaseTimeouts.MAX_STARTUP_SECONDS))),
                e.string("HEALTH_PORT").isPresent() ? OptionalInt.of(e.integer("HEALTH_PORT", 0, 0, 65535))
                        : OptionalInt.empty(),
                migrationRole(env, e.string("DATABASE_URL")));
        boolean authDisabled = e.bool("AUTH_DISABLED", false);
        if (!authDisabled && auth.privateKeyFile().isEmpty() && auth.tokenFile().isEmpty()) {
            throw new ConfigException("AUTH_PRIVATE_KEY_FILE (with AUTH_KEY_ID) or AUTH_TOKEN_FILE is required to "
                    + "authenticate to the payment provider; set AUTH_DISABLED=true only for a provider that runs "
                    + "without authentication");
        }
        return config;
    }

    private static Optional<MigrationRole> migrationRole(Map<String, String> env, Optional<String> databaseUrl) {
        boolean postgres = databaseUrl.map(url -> parseDatabaseUrl(url, Optional.empty(), Optional.empty()).postgres())
                .orElse(false);
        try {
            return MigrationRole.fromEnvironment(env, postgres);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The value is a secret: an error names its length, never its characters. */
    private static Optional<String> adminToken(Optional<String> value) {
        if (value.isPresent() && value.get().length() < 16) {
            throw new ConfigException("ADMIN_TOKEN must be at least 16 characters, was " + value.get().length()
                    + " characters");
        }
        return value;
    }

    private static URI providerEndpoint(Optional<String> value) {
        String raw = value.orElseThrow(() -> new ConfigException(
                "PAYMENT_PROVIDER_ENDPOINT is required: the payment provider's base URL, e.g. http://payment-provider:9000"));
        String problem = null;
        URI uri = null;
        try {
            uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem = "must be an http:// or https:// URL";
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problem = "must name a host";
            } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problem = "must not have a query or fragment";
            }
        } catch (URISyntaxException malformed) {
            problem = "is not a URL (" + malformed.getReason() + " at index " + malformed.getIndex() + ")";
        }
        if (problem != null) {
            throw new ConfigException("PAYMENT_PROVIDER_ENDPOINT " + problem + ", was '" + raw
                    + "' (expected e.g. http://payment-provider:9000)");
        }
        return uri;
    }

    private static Optional<String> databaseUrl(Optional<String> value) {
        value.ifPresent(url -> parseDatabaseUrl(url, Optional.empty(), Optional.empty()));
        return value;
    }

    private static DatabaseUrl parseDatabaseUrl(String url, Optional<String> user, Optional<String> password) {
        try {
            return DatabaseUrl.parse("DATABASE_URL", url, user, password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * Where the data lives: DATABASE_URL ({@code postgresql://}, {@code postgres://}, {@code jdbc:postgresql:} or
     * {@code jdbc:sqlite:}) with DATABASE_USER/DATABASE_PASSWORD winning over credentials in the URL, or the SQLite
     * file {@code invoice-app.db} under DATA_DIR.
     */
    public DatabaseUrl database() {
        return databaseUrl.map(url -> parseDatabaseUrl(url, databaseUser, databasePassword))
                .orElseGet(() -> DatabaseUrl.parse("DATA_DIR", "jdbc:sqlite:" + dataDir.resolve("invoice-app.db"),
                        Optional.empty(), Optional.empty()));
    }

    /** Whether the database is PostgreSQL (else SQLite). */
    public boolean postgres() {
        return database().postgres();
    }

    /** The JDBC URL, without credentials: DATABASE_URL's, or the SQLite file {@code invoice-app.db} under DATA_DIR. */
    public String jdbcUrl() {
        return database().jdbcUrl();
    }

    /** A copy with another port: tests bind 0. */
    public InvoiceAppConfig withPort(int newPort) {
        return new InvoiceAppConfig(newPort, bindAddress, providerEndpoint, dataDir, databaseUrl, databaseUser,
                databasePassword, dbPoolSize, payConcurrency, seedDemoData, seedCustomers, seedInvoicesPerCustomer,
                attemptLease, connectTimeout, readTimeout, maxRetries, shutdownTimeout, auth, adminToken, dbTimeouts,
                healthPort, migrationRole);
    }

    @Override
    public String toString() {
        return "InvoiceAppConfig[port=" + port + ", bindAddress=" + bindAddress + ", providerEndpoint=" + providerEndpoint
                + ", database=" + database() + ", dbPoolSize=" + dbPoolSize
                + ", payConcurrency=" + payConcurrency + ", seedDemoData=" + seedDemoData + ", seedCustomers="
                + seedCustomers + ", seedInvoicesPerCustomer=" + seedInvoicesPerCustomer + ", attemptLease="
                + attemptLease.toSeconds() + "s, connectTimeout=" + connectTimeout.toMillis() + "ms, readTimeout="
                + readTimeout.toMillis() + "ms, maxRetries=" + maxRetries + ", adminToken="
                + (adminToken.isPresent() ? "****" : "") + ", dbTimeouts=" + dbTimeouts + ", healthPort=" + healthPort
                + ", migrationRole=" + migrationRole.map(MigrationRole::toString).orElse("") + "]";
    }

    /** Typed reads of environment variables; blank counts as unset. */
    private record Env(Map<String, String> env) {
        Optional<String> string(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        int integer(String name, int defaultValue, int min, int max) {
            Optional<String> raw = string(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            try {
                int value = Integer.parseInt(raw.get());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException notANumber) {
                // reported below with the range
            }
            throw new ConfigException(name + " must be an integer between " + min + " and " + max + ", was '"
                    + raw.get() + "'");
        }

        boolean bool(String name, boolean defaultValue) {
            Optional<String> raw = string(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            return switch (raw.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(name + " must be true or false, was '" + raw.get() + "'");
            };
        }
    }
}
