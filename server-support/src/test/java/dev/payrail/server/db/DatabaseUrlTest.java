package dev.payrail.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    private static DatabaseUrl parse(String url) {
        return DatabaseUrl.parse("DATABASE_URL", url, Optional.empty(), Optional.empty());
    }

    @Test
    void managedPostgresUrlBecomesACredentialFreeJdbcUrlWithItsParameters() {
        DatabaseUrl url = parse("postgresql://app:s3cret@db.example.com:5432/invoices?sslmode=require&connectTimeout=5");

        assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/invoices?sslmode=require&connectTimeout=5");
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("s3cret");
    }

    @Test
    void postgresSchemeWithoutPortOrCredentialsIsAccepted() {
        DatabaseUrl url = parse("postgres://db/ledger");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/ledger");
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
    }

    @Test
    void percentEncodedCredentialsAreDecoded() {
        DatabaseUrl url = parse("postgresql://app%40corp:p%40ss%3Aw%2Frd@db:5432/invoices");

        assertThat(url.user()).contains("app@corp");
        assertThat(url.password()).contains("p@ss:w/rd");
    }

    @Test
    void jdbcUrlCredentialParametersAreTakenOutOfTheUrl() {
        DatabaseUrl url = parse("jdbc:postgresql://db:5432/invoices?user=app&password=s3cret&sslmode=verify-full");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/invoices?sslmode=verify-full");
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("s3cret");
    }

    @Test
    void separateVariablesWinOverCredentialsInTheUrl() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://fromurl:urlpass@db/invoices",
                Optional.of("fromvar"), Optional.of("varpass"));

        assertThat(url.user()).contains("fromvar");
        assertThat(url.password()).contains("varpass");
    }

    @Test
    void urlCredentialsFillWhatTheVariablesLeaveUnset() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://fromurl:urlpass@db/invoices",
                Optional.empty(), Optional.of("varpass"));

        assertThat(url.user()).contains("fromurl");
        assertThat(url.password()).contains("varpass");
    }

    @Test
    void multipleHostsAndIpv6AddressesPassThrough() {
        assertThat(parse("postgresql://u:p@h1:5432,h2:5433/db?targetServerType=primary").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary");
        assertThat(parse("postgres://[::1]:5432/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
    }

    @Test
    void sqliteUrlPassesThroughUnchanged() {
        DatabaseUrl url = parse("jdbc:sqlite:/data/invoice-app.db");

        assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.SQLITE);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:/data/invoice-app.db");
    }

    @Test
    void otherSchemesAreRefusedNamingTheVariableWithoutThePassword() {
        assertThatThrownBy(() -> parse("mysql://app:hunter2@db/invoices"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DATABASE_URL must be a postgresql://")
                .hasMessageEndingWith("was 'mysql://app:****@db/invoices'")
                .message().doesNotContain("hunter2");
    }

    @Test
    void missingHostOrDatabaseIsRefusedWithoutThePassword() {
        assertThatThrownBy(() -> parse("postgresql://app:hunter2@/invoices"))
                .hasMessage("DATABASE_URL must name a host (host:port), was 'postgresql://app:****@/invoices'");
        assertThatThrownBy(() -> parse("postgresql://app:hunter2@db:5432?password=hunter2"))
                .hasMessageContaining("must name one database")
                .message().doesNotContain("hunter2");
    }

    @Test
    void malformedEscapeIsRefusedWithoutThePassword() {
        assertThatThrownBy(() -> parse("postgresql://app:hun%ZZter2@db/invoices"))
                .hasMessageContaining("malformed %-escape")
                .message().doesNotContain("hun%ZZter2");
    }

    @Test
    void toStringNeverShowsThePassword() {
        DatabaseUrl url = parse("postgresql://app:hunter2@db/invoices?password=hunter2");

        assertThat(url.toString()).isEqualTo("jdbc:postgresql://db/invoices (user app, password ****)")
                .doesNotContain("hunter2");
    }
}
