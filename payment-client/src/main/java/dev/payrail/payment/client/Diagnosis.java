package dev.payrail.payment.client;

/**
 * What the client knows about a failed call beyond the last response: the numbers that go into an exception's
 * message.
 *
 * @param idempotencyKey the key the call was made with, or {@code null}
 * @param attempts       how many requests were sent (1 when it was not retried)
 * @param elapsedMillis  from the first attempt to giving up
 * @param reason         why the last attempt failed when there was no response to tell it ({@code Read timed out}), or {@code null}
 */
record Diagnosis(String idempotencyKey, int attempts, long elapsedMillis, String reason) {
    static final Diagnosis NONE = new Diagnosis(null, 1, 0, null);

    Diagnosis withReason(String why) {
        return new Diagnosis(idempotencyKey, attempts, elapsedMillis, why);
    }
}
