package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.provider.support.TestAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderConfigTest {

    @Test
    void defaultsDescribeALocalProviderOnSqlite() {
        ProviderConfig config = ProviderConfig.fromEnvironment(TestAuth.env());

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.database().jdbcUrl()).isEqualTo(
                "jdbc:sqlite:" + Path.of("./data").toAbsolutePath().normalize().resolve("payment-provider.db"));
        assertThat(config.database().poolSize()).isEqualTo(10);
        assertThat(config.successRate()).isEqualTo(0.5);
        assertThat(config.randomSeed()).isEmpty();
        assertThat(config.requireKnownCustomers()).isFalse();
        assertThat(config.faultLatency()).isEqualTo(Duration.ZERO);
        assertThat(config.faultErrorRate()).isZero();
        assertThat(config.legacyApi()).isFalse();
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.auth().disabled()).isFalse();
        assertThat(config.auth().audience()).isEqualTo("payment-provider");
    }

    @Test
    void authenticationIsOnByDefaultSoItsKeysAreRequired() {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration: AUTH_JWKS is required (a JWK Set file path or https URL);"
                        + " set AUTH_DISABLED=true to run without authentication");
        assertThat(ProviderConfig.fromEnvironment(Map.of("AUTH_DISABLED", "true")).auth().disabled()).isTrue();
    }

    @Test
    void anUnknownLogLevelStopsStartUpWithOneLine() {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(Map.of("AUTH_DISABLED", "true", "LOG_LEVEL", "LOUD")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LOG_LEVEL").hasMessageContaining("LOUD")
                .hasMessageContaining("TRACE, DEBUG, INFO, WARN, ERROR, OFF").hasMessageNotContaining("\n");
        assertThat(ProviderConfig.fromEnvironment(Map.of("AUTH_DISABLED", "true", "LOG_LEVEL", "debug"))).isNotNull();
    }

    @Test
    void logFormatIsTextOrJsonAndAnythingElseIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(Map.of("AUTH_DISABLED", "true", "LOG_FORMAT", "ecs")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration: LOG_FORMAT=\"ecs\" must be one of text, json");
        assertThat(ProviderConfig.fromEnvironment(Map.of("AUTH_DISABLED", "true", "LOG_FORMAT", "JSON"))).isNotNull();
        assertThat(ProviderConfig.fromEnvironment(Map.of("AUTH_DISABLED", "true", "LOG_FORMAT", "text"))).isNotNull();
    }

    @Test
    void mainPrintsOneLineAndExitsWith2WithoutAuthConfiguration() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(new String[0], Map.of("AUTH_JWKS", "/nonexistent/jwks.json", "AUTH_ISSUER", "x"),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(1));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("invalid configuration: AUTH_JWKS=/nonexistent/jwks.json is not a readable file"
                        + System.lineSeparator());
    }

    @Test
    void postgresUrlSelectsPostgresAndThePasswordNeverShows() {
        ProviderConfig config = ProviderConfig.fromEnvironment(TestAuth.envWith(
                "DATABASE_URL", "jdbc:postgresql://db:5432/payments",
                "DATABASE_USER", "provider", "DATABASE_PASSWORD", "s3cret"));

        assertThat(config.database().isPostgres()).isTrue();
        assertThat(config.database().password()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void aMigrationRoleIsReadWithItsPasswordMaskedAndIsOptional() {
        ProviderConfig config = ProviderConfig.fromEnvironment(TestAuth.envWith(
                "DATABASE_URL", "jdbc:postgresql://db:5432/payments",
                "DATABASE_USER", "provider", "DATABASE_PASSWORD", "s3cret",
                "DATABASE_MIGRATION_USER", "provider_owner", "DATABASE_MIGRATION_PASSWORD", "0wn3r-s3cret"));

        assertThat(config.database().migrationRole()).hasValueSatisfying(role -> {
            assertThat(role.user()).isEqualTo("provider_owner");
            assertThat(role.password()).isEqualTo("0wn3r-s3cret");
        });
        assertThat(config.toString()).contains("provider_owner").doesNotContain("0wn3r-s3cret");
        assertThat(ProviderConfig.fromEnvironment(TestAuth.envWith("DATABASE_URL", "jdbc:postgresql://db:5432/payments"))
                .database().migrationRole()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "DATABASE_MIGRATION_USER|provider_owner|invalid configuration: DATABASE_MIGRATION_PASSWORD is required when"
                + " DATABASE_MIGRATION_USER is set (the password of the migration role)",
        "DATABASE_MIGRATION_PASSWORD|0wn3r-s3cret|invalid configuration: DATABASE_MIGRATION_USER is required when"
                + " DATABASE_MIGRATION_PASSWORD is set (the role that owns the schema and runs the migrations)"})
    void halfAMigrationRoleIsRefusedNamingTheMissingVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(TestAuth.envWith(
                "DATABASE_URL", "jdbc:postgresql://db:5432/payments", variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message)
                .hasMessageNotContaining("0wn3r-s3cret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"DATABASE_MIGRATION_USER|provider_owner",
        "DATABASE_MIGRATION_PASSWORD|0wn3r-s3cret"})
    void aMigrationRoleOnSqliteIsRefusedNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(TestAuth.envWith(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration: " + variable + " is only used with a PostgreSQL DATABASE_URL;"
                        + " SQLite has no roles: unset it")
                .hasMessageNotContaining("0wn3r-s3cret");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "PORT|70000|invalid configuration: PORT=\"70000\" must be an integer from 0 to 65535",
        "PORT|abc|invalid configuration: PORT=\"abc\" must be an integer from 0 to 65535",
        "SUCCESS_RATE|1.5|invalid configuration: SUCCESS_RATE=\"1.5\" must be a number from 0 to 1",
        "FAULT_ERROR_RATE|-0.1|invalid configuration: FAULT_ERROR_RATE=\"-0.1\" must be a number from 0 to 1",
        "FAULT_LATENCY_MS|-1|invalid configuration: FAULT_LATENCY_MS=\"-1\" must be an integer from 0 to 60000",
        "RANDOM_SEED|seven|invalid configuration: RANDOM_SEED=\"seven\" must be a 64-bit integer",
        "LEGACY_API|yes|invalid configuration: LEGACY_API=\"yes\" must be true or false",
        "REQUIRE_KNOWN_CUSTOMERS|1|invalid configuration: REQUIRE_KNOWN_CUSTOMERS=\"1\" must be true or false",
        "DB_POOL_SIZE|1|invalid configuration: DB_POOL_SIZE=\"1\" must be an integer from 2 to 200",
        "SHUTDOWN_TIMEOUT_MS|forever|invalid configuration: SHUTDOWN_TIMEOUT_MS=\"forever\" must be an integer from 0 to 600000",
        "BIND_ADDRESS|not an address|invalid configuration: BIND_ADDRESS=\"not an address\" must be an IP address or host name",
    })
    void badValueIsRefusedNamingVariableAndValue(String variable, String value, String message) {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void managedPostgresUrlIsReadWithItsCredentialsAndParameters() {
        ProviderConfig config = ProviderConfig.fromEnvironment(TestAuth.envWith(
                "DATABASE_URL", "postgresql://provider:s3cret@db.example.com:5432/payments?sslmode=require"));

        assertThat(config.database().isPostgres()).isTrue();
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/payments?sslmode=require");
        assertThat(config.database().user()).isEqualTo("provider");
        assertThat(config.database().password()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void sqliteDatabaseUrlIsRefusedByTheProvider() {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(Map.of("DATABASE_URL", "jdbc:sqlite:/tmp/x.db")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration: DATABASE_URL=\"jdbc:sqlite:/tmp/x.db\" must be a PostgreSQL URL");
    }

    @Test
    void databaseUrlOfAnotherSchemeIsRefusedWithThePasswordMasked() {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(Map.of(
                "DATABASE_URL", "jdbc:mysql://db:3306/payments?user=p&password=s3cret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration: DATABASE_URL=\"jdbc:mysql://db:3306/payments?user=p&password=****\"")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void mainPrintsOneLineAndExitsWith2OnBadConfiguration() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(new String[0], Map.of("SUCCESS_RATE", "2"),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(1));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("invalid configuration: SUCCESS_RATE=\"2\" must be a number from 0 to 1"
                        + System.lineSeparator());
    }

    @Test
    void mainGivesUpOnAnUnreachableDatabaseAfterItsStartupBoundInOneLineWithoutThePassword() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(new String[0], TestAuth.envWith("PORT", "0", "DATABASE_URL",
                        "jdbc:postgresql://127.0.0.1:1/payments?connectTimeout=1", "DATABASE_PASSWORD", "s3cret",
                        "DB_STARTUP_TIMEOUT_SECONDS", "1"),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(1));

        String output = err.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(1);
        assertThat(output).startsWith("payment provider failed to start: the database did not become available"
                + " within 1 s (DB_STARTUP_TIMEOUT_SECONDS; ").doesNotContain("s3cret")
                .doesNotContain("\tat ");
        assertThat(output.lines()).hasSize(1);
    }
}
