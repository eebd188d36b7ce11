package dev.payrail.payment.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** The outcome of a charge. A decline is a normal outcome, not an error. */
@Schema(description = "The outcome of a charge; a decline is a normal outcome, not an error.")
public enum ChargeStatus {
    SUCCEEDED,
    DECLINED
}
