package dev.payrail.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationRoleTest {
    @Test
    void bothVariablesMakeARoleWhosePasswordNeverShows() {
        MigrationRole role = MigrationRole.fromEnvironment(Map.of("DATABASE_MIGRATION_USER", " owner ",
                "DATABASE_MIGRATION_PASSWORD", " s3cret"), true).orElseThrow();

        assertThat(role.user()).isEqualTo("owner");
        assertThat(role.password()).as("spaces may be part of a password").isEqualTo(" s3cret");
        assertThat(role.toString()).contains("owner").doesNotContain("s3cret");
    }

    @Test
    void neitherVariableMeansOneRoleDoesBoth() {
        assertThat(MigrationRole.fromEnvironment(Map.of(), true)).isEmpty();
        assertThat(MigrationRole.fromEnvironment(Map.of("DATABASE_MIGRATION_USER", " ", "DATABASE_MIGRATION_PASSWORD",
                ""), true)).isEmpty();
        assertThat(MigrationRole.fromEnvironment(Map.of(), false)).isEmpty();
    }

    @Test
    void oneVariableWithoutTheOtherIsRefusedNamingTheMissingOne() {
        assertThatThrownBy(() -> MigrationRole.fromEnvironment(Map.of("DATABASE_MIGRATION_USER", "owner"), true))
                .hasMessageStartingWith("DATABASE_MIGRATION_PASSWORD is required when DATABASE_MIGRATION_USER is set");
        assertThatThrownBy(() -> MigrationRole.fromEnvironment(Map.of("DATABASE_MIGRATION_PASSWORD", "s3cret"), true))
                .hasMessageStartingWith("DATABASE_MIGRATION_USER is required when DATABASE_MIGRATION_PASSWORD is set")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void eitherVariableOnSqliteIsRefusedNamingIt() {
        assertThatThrownBy(() -> MigrationRole.fromEnvironment(Map.of("DATABASE_MIGRATION_USER", "owner"), false))
                .hasMessageStartingWith("DATABASE_MIGRATION_USER is only used with a PostgreSQL DATABASE_URL");
        assertThatThrownBy(() -> MigrationRole.fromEnvironment(Map.of("DATABASE_MIGRATION_PASSWORD", "s3cret"), false))
                .hasMessageStartingWith("DATABASE_MIGRATION_PASSWORD is only used with a PostgreSQL DATABASE_URL")
                .hasMessageNotContaining("s3cret");
    }
}
