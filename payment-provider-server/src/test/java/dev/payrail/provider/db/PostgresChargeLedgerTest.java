package dev.payrail.provider.db;

import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.support.TestAuth;
import dev.payrail.provider.support.Postgres;

class PostgresChargeLedgerTest extends ChargeLedgerContract {
    @Override
    ProviderConfig.Database newDatabase() {
        return ProviderConfig.fromEnvironment(TestAuth.envWith("DATABASE_URL", Postgres.newDatabase(),
                "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres")).database();
    }
}
