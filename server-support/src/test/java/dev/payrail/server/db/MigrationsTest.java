package dev.payrail.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import dev.payrail.server.DatabaseTimeouts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void theMigrationPoolIsTheRuntimePoolsLocationAndTimeoutsWithTheRolesCredentialsAndTwoConnections() {
        HikariConfig runtime = new HikariConfig();
        runtime.setPoolName("ledger");
        runtime.setJdbcUrl("jdbc:postgresql://db:5432/payments?sslmode=require");
        runtime.setUsername("provider");
        runtime.setPassword("runtime-secret");
        runtime.setMaximumPoolSize(10);
        runtime.setMinimumIdle(2);
        runtime.addDataSourceProperty("ApplicationName", "payment-provider");
        runtime.setMetricRegistry(new SimpleMeterRegistry());
        new DatabaseTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(4), Duration.ofSeconds(30))
                .applyTo(runtime, true);

        HikariConfig migration = Migrations.migrationPool(runtime, new MigrationRole("provider_owner", "owner-secret"));

        assertThat(migration.getJdbcUrl()).isEqualTo(runtime.getJdbcUrl());
        assertThat(migration.getDataSourceProperties()).isEqualTo(runtime.getDataSourceProperties())
                .containsEntry("options", "-c statement_timeout=4000").containsEntry("connectTimeout", "2");
        assertThat(migration.getConnectionTimeout()).isEqualTo(1500);
        assertThat(migration.getUsername()).isEqualTo("provider_owner");
        assertThat(migration.getPassword()).isEqualTo("owner-secret");
        assertThat(migration.getMaximumPoolSize()).isEqualTo(2);
        assertThat(migration.getPoolName()).isEqualTo("ledger-migration");
        assertThat(migration.getMetricRegistry()).isNull();
        assertThat(runtime.getUsername()).as("the runtime pool keeps its own role").isEqualTo("provider");
        assertThat(runtime.getPassword()).isEqualTo("runtime-secret");
    }
}
