package dev.payrail.provider.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.server.db.ReconnectingDataSource;
import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.support.Postgres;
import dev.payrail.provider.support.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The provider's ledger opened from the kind of URL a managed PostgreSQL hands out, on a real (embedded) server. */
class PostgresUrlTest {
    @Test
    void ledgerOpensAndMigratesOnAPostgresqlUrlAsTheUserInIt() throws Exception {
        String adminUrl = Postgres.newDatabase();
        Matcher hostPort = Pattern.compile("jdbc:postgresql://([^/]+)/").matcher(adminUrl);
        assertThat(hostPort.find()).isTrue();
        try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "postgres");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE ledger_owner LOGIN PASSWORD 's3cret!'");
            statement.execute("CREATE DATABASE owned_ledger OWNER ledger_owner");
        }
        ProviderConfig config = ProviderConfig.fromEnvironment(TestAuth.envWith("DATABASE_URL",
                "postgres://ledger_owner:s3cret%21@" + hostPort.group(1) + "/owned_ledger?sslmode=disable"));

        try (ReconnectingDataSource dataSource = DataSources.create(config.database(), new SimpleMeterRegistry())) {
            DataSources.migrate(dataSource);
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_user, current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ledger_owner");
                assertThat(rs.getString(2)).isEqualTo("owned_ledger");
            }
        }
    }
}
