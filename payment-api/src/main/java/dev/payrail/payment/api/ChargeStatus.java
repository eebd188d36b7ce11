package dev.payrail.payment.api;

/** The outcome of a charge. A decline is a normal outcome, not an error. */
public enum ChargeStatus {
    SUCCEEDED,
    DECLINED
}
