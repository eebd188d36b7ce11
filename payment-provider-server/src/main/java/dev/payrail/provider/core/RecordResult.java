package dev.payrail.provider.core;

/** What happened when the ledger was asked to record a {@link NewCharge}. */
public sealed interface RecordResult {
    /** The charge and its key were committed. */
    record Created(StoredResponse response) implements RecordResult {
    }

    /** The key was already taken (by an earlier request, here or on another replica); nothing was written. */
    record KeyExists(StoredResponse existing) implements RecordResult {
    }

    /** Known customers are required and this one is not registered; nothing was written. */
    record CustomerNotFound(String customerId) implements RecordResult {
    }

    /** The customer is charged in another currency; nothing was written. */
    record CurrencyMismatch(String customerId, String customerCurrency) implements RecordResult {
    }
}
