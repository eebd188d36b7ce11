package dev.payrail.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvoiceAppConfigTest {
    private static final String ENDPOINT = "http://payment-provider:9000";

    @Test
    void defaultsNeedOnlyTheProviderEndpoint() {
        InvoiceAppConfig config = InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_TOKEN_FILE", "/var/run/secrets/tokens/payment-provider"));

        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.providerEndpoint()).isEqualTo(URI.create(ENDPOINT));
        assertThat(config.payConcurrency()).isEqualTo(16);
        assertThat(config.seedDemoData()).isTrue();
        assertThat(config.seedCustomers()).isEqualTo(100);
        assertThat(config.seedInvoicesPerCustomer()).isEqualTo(10);
        assertThat(config.postgres()).isFalse();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("./data").resolve("invoice-app.db"));
        assertThat(config.attemptLease()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.auth().tokenFile()).contains(Path.of("/var/run/secrets/tokens/payment-provider"));
    }

    @Test
    void noTokenSourceStopsStartUpUnlessAuthIsExplicitlyDisabled() {
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AUTH_PRIVATE_KEY_FILE (with AUTH_KEY_ID) or AUTH_TOKEN_FILE is required")
                .hasMessageNotContaining("\n");

        InvoiceAppConfig disabled = InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_DISABLED", "true"));
        assertThat(disabled.auth().tokenFile()).isEmpty();
        assertThat(disabled.auth().privateKeyFile()).isEmpty();
    }

    @Test
    void anUnknownLogLevelStopsStartUpWithOneLine() {
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_DISABLED", "true", "LOG_LEVEL", "LOUD")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, was 'LOUD'");
        assertThat(InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_DISABLED", "true", "LOG_LEVEL", "warn")).port()).isEqualTo(8000);
    }

    @Test
    void logFormatIsTextOrJsonAndAnythingElseIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_DISABLED", "true", "LOG_FORMAT", "ecs")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LOG_FORMAT must be one of text, json, was 'ecs'");
        assertThat(InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_DISABLED", "true", "LOG_FORMAT", "Json")).port()).isEqualTo(8000);
    }

    @Test
    void aMissingProviderEndpointStopsStartUpWithOneLine() {
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PAYMENT_PROVIDER_ENDPOINT is required")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aMalformedProviderEndpointIsNamedWithItsValue() {
        for (String bad : new String[] {"payment-provider:9000", "ftp://host/", "http://", "http://host/ x"}) {
            assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("PAYMENT_PROVIDER_ENDPOINT ")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void badNumbersNameTheVariableTheValueAndTheRange() {
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "PAY_CONCURRENCY", "lots")))
                .hasMessage("PAY_CONCURRENCY must be an integer between 1 and 1024, was 'lots'");
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "PORT", "70000")))
                .hasMessage("PORT must be an integer between 0 and 65535, was '70000'");
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "SEED_DEMO_DATA", "yes")))
                .hasMessage("SEED_DEMO_DATA must be true or false, was 'yes'");
    }

    @Test
    void postgresUrlsSelectPostgresAndPasswordsAreMasked() {
        InvoiceAppConfig config = InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "jdbc:postgresql://db:5432/invoices?password=hunter2",
                "DATABASE_PASSWORD", "hunter2", "AUTH_DISABLED", "true"));

        assertThat(config.postgres()).isTrue();
        assertThat(config.toString()).doesNotContain("hunter2").contains("password ****");
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "jdbc:mysql://db/x?password=hunter2")))
                .hasMessage("DATABASE_URL must be a postgresql://user:password@host:5432/db, postgres://…,"
                        + " jdbc:postgresql://host:5432/db or jdbc:sqlite: URL, was 'jdbc:mysql://db/x?password=****'");
    }

    @Test
    void managedPostgresUrlCarriesItsCredentialsAndTheVariablesWin() {
        InvoiceAppConfig fromUrl = InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "postgresql://app:hunter2@db.example.com:5432/invoices?sslmode=require",
                "AUTH_DISABLED", "true"));
        InvoiceAppConfig overridden = InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "postgres://app:hunter2@db.example.com/invoices",
                "DATABASE_USER", "runtime", "DATABASE_PASSWORD", "other", "AUTH_DISABLED", "true"));

        assertThat(fromUrl.postgres()).isTrue();
        assertThat(fromUrl.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/invoices?sslmode=require");
        assertThat(fromUrl.database().user()).contains("app");
        assertThat(fromUrl.database().password()).contains("hunter2");
        assertThat(fromUrl.toString()).doesNotContain("hunter2");
        assertThat(overridden.database().user()).contains("runtime");
        assertThat(overridden.database().password()).contains("other");
    }

    @Test
    void aPrivateKeyNeedsItsKeyIdAndExcludesATokenFile() {
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_PRIVATE_KEY_FILE", "/etc/payrail/auth/private-key.pem")))
                .hasMessage("AUTH_KEY_ID is required when AUTH_PRIVATE_KEY_FILE is set");
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_PRIVATE_KEY_FILE", "/k.pem", "AUTH_KEY_ID", "k1", "AUTH_TOKEN_FILE", "/t")))
                .hasMessage("AUTH_PRIVATE_KEY_FILE and AUTH_TOKEN_FILE are both set: use one of them");
    }

    @Test
    void anUnusableSigningKeyStopsStartUpWithOneLine() {
        InvoiceAppConfig config = InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "AUTH_PRIVATE_KEY_FILE", "/nonexistent/private-key.pem", "AUTH_KEY_ID", "k1"));

        assertThatThrownBy(() -> Tokens.from(config.auth()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AUTH_PRIVATE_KEY_FILE /nonexistent/private-key.pem cannot be used: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aMigrationRoleIsOptionalAndItsPasswordIsMasked() {
        InvoiceAppConfig split = InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "jdbc:postgresql://db:5432/invoices", "DATABASE_USER", "invoice_app",
                "DATABASE_PASSWORD", "hunter2", "DATABASE_MIGRATION_USER", "invoice_owner",
                "DATABASE_MIGRATION_PASSWORD", "0wn3r-s3cret", "AUTH_DISABLED", "true"));
        InvoiceAppConfig oneRole = InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "jdbc:postgresql://db:5432/invoices", "AUTH_DISABLED", "true"));

        assertThat(split.migrationRole()).hasValueSatisfying(role -> {
            assertThat(role.user()).isEqualTo("invoice_owner");
            assertThat(role.password()).isEqualTo("0wn3r-s3cret");
        });
        assertThat(split.toString()).contains("invoice_owner").doesNotContain("0wn3r-s3cret").doesNotContain("hunter2");
        assertThat(oneRole.migrationRole()).isEmpty();
    }

    @Test
    void halfAMigrationRoleStopsStartUpNamingTheMissingVariable() {
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "jdbc:postgresql://db:5432/invoices", "DATABASE_MIGRATION_USER", "invoice_owner",
                "AUTH_DISABLED", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("DATABASE_MIGRATION_PASSWORD is required when DATABASE_MIGRATION_USER is set"
                        + " (the password of the migration role)");
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "jdbc:postgresql://db:5432/invoices", "DATABASE_MIGRATION_PASSWORD", "0wn3r-s3cret",
                "AUTH_DISABLED", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("DATABASE_MIGRATION_USER is required when DATABASE_MIGRATION_PASSWORD is set"
                        + " (the role that owns the schema and runs the migrations)");
    }

    @Test
    void aMigrationRoleOnSqliteStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_MIGRATION_USER", "invoice_owner", "AUTH_DISABLED", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("DATABASE_MIGRATION_USER is only used with a PostgreSQL DATABASE_URL; SQLite has no roles:"
                        + " unset it");
        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(Map.of("PAYMENT_PROVIDER_ENDPOINT", ENDPOINT,
                "DATABASE_URL", "jdbc:sqlite:/tmp/invoices.db", "DATABASE_MIGRATION_PASSWORD", "0wn3r-s3cret",
                "AUTH_DISABLED", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("DATABASE_MIGRATION_PASSWORD is only used with a PostgreSQL DATABASE_URL; SQLite has no"
                        + " roles: unset it");
    }
}
