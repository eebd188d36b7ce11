package dev.payrail.invoice.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The money invariants, judged by the provider's own ledger against invoice-app's records, row by row: every
 * invoice is PAID with exactly one SUCCEEDED charge behind it (whose id its SUCCEEDED attempt names), no invoice
 * has two, no attempt is left IN_FLIGHT or UNKNOWN, every attempt agrees with the provider's charge for its
 * idempotency key (NOT_CHARGED: none), and every charge at the provider is one invoice-app made, for the invoice's
 * amount and currency. Plain SQL that runs on SQLite and PostgreSQL alike.
 */
final class PaymentInvariants {
    private PaymentInvariants() {
    }

    /**
     * What was found.
     *
     * @param invoices        invoices in invoice-app
     * @param paid            of which PAID
     * @param attempts        attempts in invoice-app (one idempotency key each)
     * @param charges         charges in the provider's ledger
     * @param succeeded       of which SUCCEEDED
     * @param doubleCharged   invoices with more than one SUCCEEDED charge
     * @param violations      every broken invariant, one line each (empty when all hold)
     */
    record Report(int invoices, int paid, int attempts, int charges, int succeeded, int doubleCharged,
            List<String> violations) {

        String summary() {
            return invoices + " invoices (" + paid + " PAID), " + attempts + " attempts, " + charges
                    + " charges at the provider (" + succeeded + " SUCCEEDED), " + doubleCharged
                    + " invoices charged twice, " + violations.size() + " violations";
        }
    }

    private record Invoice(long id, String status, long amount, String currency) {
    }

    private record Attempt(long invoiceId, int number, String key, String outcome, String chargeId) {
    }

    private record Charge(String id, String key, String invoiceId, long amount, String currency, String status) {
    }

    static Report check(Connection invoiceApp, Connection provider) throws SQLException {
        Map<Long, Invoice> invoices = new HashMap<>();
        query(invoiceApp, "SELECT id, status, amount_minor, currency FROM invoices", rs -> {
            Invoice invoice = new Invoice(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4));
            invoices.put(invoice.id(), invoice);
        });
        Map<String, Attempt> attemptsByKey = new HashMap<>();
        query(invoiceApp, "SELECT invoice_id, attempt_no, idempotency_key, outcome, charge_id FROM payment_attempts",
                rs -> {
                    Attempt attempt = new Attempt(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5));
                    attemptsByKey.put(attempt.key(), attempt);
                });
        Map<String, Charge> chargesByKey = new HashMap<>();
        Map<Long, List<Charge>> succeededByInvoice = new HashMap<>();
        List<String> violations = new ArrayList<>();
        int[] succeeded = {0};
        query(provider, "SELECT id, idempotency_key, invoice_id, amount, currency, status FROM charges", rs -> {
            Charge charge = new Charge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getString(5), rs.getString(6));
            if (chargesByKey.put(charge.key(), charge) != null) {
                violations.add("two charges at the provider under idempotency key " + charge.key());
            }
            if (charge.status().equals("SUCCEEDED")) {
                succeeded[0]++;
                succeededByInvoice.computeIfAbsent(Long.parseLong(charge.invoiceId()), id -> new ArrayList<>())
                        .add(charge);
            }
        });

        int doubleCharged = 0;
        int paid = 0;
        for (Invoice invoice : invoices.values()) {
            List<Charge> charged = succeededByInvoice.getOrDefault(invoice.id(), List.of());
            if (charged.size() > 1) {
                doubleCharged++;
                violations.add("invoice " + invoice.id() + " charged " + charged.size() + " times: "
                        + charged.stream().map(c -> c.id() + " (key " + c.key() + ")").toList());
            }
            if (invoice.status().equals("PAID")) {
                paid++;
                if (charged.size() != 1) {
                    violations.add("invoice " + invoice.id() + " is PAID with " + charged.size()
                            + " SUCCEEDED charges at the provider");
                }
            } else {
                violations.add("invoice " + invoice.id() + " left " + invoice.status() + " after the clean runs");
                if (!charged.isEmpty()) {
                    violations.add("invoice " + invoice.id() + " is " + invoice.status() + " but was charged: "
                            + charged.stream().map(Charge::id).toList());
                }
            }
        }

        for (Attempt attempt : attemptsByKey.values()) {
            Charge charge = chargesByKey.get(attempt.key());
            switch (attempt.outcome()) {
                case "IN_FLIGHT", "UNKNOWN" -> violations.add("attempt " + attempt.key() + " left "
                        + attempt.outcome() + (charge == null ? " (no charge at the provider)"
                        : " (the provider has charge " + charge.id() + ", " + charge.status() + ")"));
                case "NOT_CHARGED", "FAILED" -> {
                    if (charge != null) {
                        violations.add("attempt " + attempt.key() + " recorded " + attempt.outcome()
                                + " but the provider has charge " + charge.id() + " (" + charge.status() + ")");
                    }
                }
                case "SUCCEEDED", "DECLINED" -> {
                    if (charge == null) {
                        violations.add("attempt " + attempt.key() + " recorded " + attempt.outcome()
                                + " but the provider has no charge for its key");
                    } else if (!charge.status().equals(attempt.outcome()) || !charge.id().equals(attempt.chargeId())) {
                        violations.add("attempt " + attempt.key() + " recorded " + attempt.outcome() + " "
                                + attempt.chargeId() + " but the provider has " + charge.status() + " " + charge.id());
                    }
                }
                default -> violations.add("attempt " + attempt.key() + " has outcome " + attempt.outcome());
            }
        }

        for (Charge charge : chargesByKey.values()) {
            Attempt attempt = attemptsByKey.get(charge.key());
            Invoice invoice = invoices.get(Long.parseLong(charge.invoiceId()));
            if (attempt == null) {
                violations.add("charge " + charge.id() + " under key " + charge.key()
                        + " that invoice-app never recorded");
            } else if (!Long.toString(attempt.invoiceId()).equals(charge.invoiceId())) {
                violations.add("charge " + charge.id() + " is for invoice " + charge.invoiceId() + " but key "
                        + charge.key() + " belongs to invoice " + attempt.invoiceId());
            }
            if (invoice == null) {
                violations.add("charge " + charge.id() + " for unknown invoice " + charge.invoiceId());
            } else if (invoice.amount() != charge.amount() || !invoice.currency().equals(charge.currency())) {
                violations.add("charge " + charge.id() + " of " + charge.amount() + " " + charge.currency()
                        + " for invoice " + invoice.id() + " of " + invoice.amount() + " " + invoice.currency());
            }
        }
        return new Report(invoices.size(), paid, attemptsByKey.size(), chargesByKey.size(), succeeded[0],
                doubleCharged, List.copyOf(violations));
    }

    /** Invoices still to be paid (PENDING or PROCESSING) plus attempts whose outcome is not settled. */
    static long outstanding(Connection invoiceApp) throws SQLException {
        long[] count = {0};
        query(invoiceApp, "SELECT (SELECT COUNT(*) FROM invoices WHERE status IN ('PENDING', 'PROCESSING'))"
                + " + (SELECT COUNT(*) FROM payment_attempts WHERE outcome IN ('IN_FLIGHT', 'UNKNOWN'))",
                rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection connection, String sql, Row row) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }
}
