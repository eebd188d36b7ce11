package dev.payrail.provider.db;

import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.support.Postgres;
import java.util.Map;

class PostgresChargeLedgerTest extends ChargeLedgerContract {
    @Override
    ProviderConfig.Database newDatabase() {
        return ProviderConfig.fromEnvironment(Map.of("DATABASE_URL", Postgres.newDatabase(),
                "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres")).database();
    }
}
