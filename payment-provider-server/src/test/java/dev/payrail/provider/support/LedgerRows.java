package dev.payrail.provider.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What hostile-input tests compare before and after: the rows in the provider's three tables. */
public final class LedgerRows {
    private LedgerRows() {
    }

    /** Charges, customers and idempotency keys, in that order, read through {@code ledger}. */
    public static long[] count(Connection ledger) throws SQLException {
        try (Statement statement = ledger.createStatement();
                ResultSet rows = statement.executeQuery("SELECT (SELECT COUNT(*) FROM charges),"
                        + " (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM idempotency_keys)")) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3)};
        }
    }
}
